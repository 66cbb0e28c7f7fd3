import CArchive

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ZipEntry {
    /// Reads an entry libarchive has just read (`archive_entry_pathname`, `_symlink`,
    /// `_hardlink`, `_filetype`, `_size`, `_is_encrypted`); `nil` if it has no name.
    init?(header: OpaquePointer, index: Int) {
        guard let pathname = archive_entry_pathname(header) else {
            return nil
        }
        let hardlink = archive_entry_hardlink(header).map(Self.bytes(of:))
        let symlink = archive_entry_symlink(header).map(Self.bytes(of:))
        let kind: ZipEntry.Kind
        if hardlink != nil {
            kind = .hardlink
        } else {
            switch archive_entry_filetype(header) {
            case ArchiveFileType.regular: kind = .regular
            case ArchiveFileType.directory: kind = .directory
            case ArchiveFileType.symlink: kind = .symlink
            default: kind = .other
            }
        }
        let declaredSize: Int64? =
            archive_entry_size_is_set(header) != 0 ? archive_entry_size(header) : nil
        self.init(
            index: index, rawName: Self.bytes(of: pathname), kind: kind,
            declaredSize: kind == .regular ? declaredSize : nil,
            isEncrypted: archive_entry_is_encrypted(header) != 0,
            symlinkTarget: kind == .symlink ? symlink.map(EntryName.decode) : nil,
            hardlinkTarget: hardlink.map(EntryName.decode))
    }

    private static func bytes(of text: UnsafePointer<CChar>) -> [UInt8] {
        let count = strlen(text)
        return text.withMemoryRebound(to: UInt8.self, capacity: count) {
            Array(UnsafeBufferPointer(start: $0, count: count))
        }
    }
}
