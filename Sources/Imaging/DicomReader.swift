/// Reads the header of DICOM Part 10 files through DCMTK, never loading pixel data.
///
/// Values over a few kilobytes (pixel data, waveforms, large private blobs) stay in the file;
/// DCMTK still walks the whole file, so truncation anywhere is found. Files without the
/// 128-byte preamble and `DICM` are rejected, as Kanta stores Part 10 files only.
public enum DicomReader {
    /// Reads the header of the file at `path`.
    ///
    /// Returns the header, or the first problem found: the file's structure first (Part 10,
    /// truncation, parsing, transfer syntax), then the elements in the order
    /// ``DicomHeader`` lists them. A problem whose ``DicomProblem/isOsvaFault`` is true is
    /// not the file's fault.
    public static func read(path: String) -> Result<DicomHeader, DicomProblem> {
        do throws(DicomProblem) {
            let file = try DicomFile(path: path)
            return .success(try DicomHeader(reading: file))
        } catch {
            return .failure(error)
        }
    }
}
