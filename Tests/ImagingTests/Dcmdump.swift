import Foundation
import Testing

/// What Debian's `dcmdump` (DCMTK) prints for a file: the independent view the tests compare
/// osva's reading with.
///
/// Runs `dcmdump -q -Un +L -M FILE` (UIDs as numbers, values in full, values over 4 KB such as
/// pixel data not loaded but still checked against the file's end): its exit status says
/// whether dcmdump can read the file. When it can and a value has non-ASCII bytes, the values
/// come from a second run with `+U8`, which converts text to UTF-8 as osva does; that run
/// fails on any element dcmdump cannot convert, even one osva never reads, and the unconverted
/// values are used then. Only top-level lines (no indentation) are kept, so values inside
/// sequences never count.
struct Dcmdump {
    /// dcmdump's exit status; non-zero when it could not read the file.
    let status: Int32
    /// Top-level element values by `gggg,eeee` in lower-case hex; "" for an empty value.
    let values: [String: String]

    /// Runs dcmdump on `path`.
    static func run(_ path: String) throws -> Dcmdump {
        let plain = try dump(path, options: [])
        let ascii = plain.values.values.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) }
        guard plain.status == 0, !ascii else { return plain }
        let converted = try dump(path, options: ["+U8"])
        return converted.status == 0 ? converted : plain
    }

    private static func dump(_ path: String, options: [String]) throws -> Dcmdump {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["dcmdump", "-q", "-Un", "+L", "-M"] + options + [path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var values: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let (key, value) = parse(line), values[key] == nil else { continue }
            values[key] = value
        }
        return Dcmdump(status: process.terminationStatus, values: values)
    }

    /// The value printed for `group,element`, stripped of spaces at both ends; nil when the
    /// element is not at the top level.
    func value(_ key: String) -> String? {
        values[key].map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \0")) }
    }

    /// True when dcmdump printed at least one meta header element (group 0002).
    var hasMetaElements: Bool { values.keys.contains { $0.hasPrefix("0002,") } }

    /// `(gggg,eeee) VR [value]   # length, vm Name` → key and value; other lines → nil.
    private static func parse(_ line: Substring) -> (String, String)? {
        guard line.hasPrefix("("), line.count > 15,
            line[line.index(line.startIndex, offsetBy: 10)] == ")"
        else { return nil }
        let key = String(line.dropFirst().prefix(9))
        let rest = line.dropFirst(15)
        if rest.hasPrefix("(no value available)") { return (key, "") }
        guard rest.hasPrefix("["), let close = rest.lastIndex(of: "]") else {
            return (key, String(rest.prefix { $0 != " " }))
        }
        return (key, String(rest[rest.index(after: rest.startIndex)..<close]))
    }
}
