import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The folders libxml2 may read external files from, and the entity loader that enforces it.
///
/// osva installs its own loader with `xmlSetExternalEntityLoader` once per process. It refuses
/// every URL with a scheme other than `file`, and every local path whose real path (symbolic
/// links and `..` resolved) is not inside a folder that `XMLSchema` registered. So a schema's
/// `xs:include` works only within its own folder, a DTD or `xsi:schemaLocation` pointing at
/// `http://…` never reaches the network, and no document can make libxml2 open a host file.
enum SchemaDirectories {
    /// The registered folders, each a real path ending in `/`.
    private static let allowed = LockedPaths()

    /// Allows files inside `directory` (a real path) to be loaded from now on.
    static func allow(_ directory: String) {
        allowed.insert(directory.hasSuffix("/") ? directory : directory + "/")
    }

    /// Installs osva's loader; called once from `LibXML`'s initialisation.
    static func installLoader() {
        xmlSetExternalEntityLoader { url, id, context in
            let requested = url.map { String(cString: $0) } ?? ""
            guard let path = SchemaDirectories.permittedPath(for: requested) else {
                IssueLog.current?.append(SchemaDirectories.refusal(of: requested))
                return nil
            }
            return path.withCString { xmlNoNetExternalEntityLoader($0, id, context) }
        }
    }

    /// The issue recorded when the loader refuses `url`; its code is `XML_IO_NETWORK_ATTEMPT`
    /// for a URL with a network scheme and `XML_IO_LOAD_ERROR` for a local path.
    static func refusal(of url: String) -> XMLIssue {
        let local = localPath(of: url) != nil
        let code = local ? XML_IO_LOAD_ERROR : XML_IO_NETWORK_ATTEMPT
        let reason = local ? "outside osva's schema folders" : "not a local file"
        return XMLIssue(
            severity: .error, code: Int(code.rawValue),
            message: "refused to load '\(url)': \(reason)", line: 0, column: 0)
    }

    /// The real path to load for `url`, or nil when the loader must refuse it.
    static func permittedPath(for url: String) -> String? {
        guard let local = localPath(of: url), let real = realPath(local) else { return nil }
        return allowed.contains { real.hasPrefix($0) } ? real : nil
    }

    /// The local path a URL names: a bare path, or a `file:` URL; nil for any other scheme.
    static func localPath(of url: String) -> String? {
        if let colon = url.firstIndex(of: ":"), isScheme(url[..<colon]) {
            guard url[..<colon].lowercased() == "file" else { return nil }
            var rest = url[url.index(after: colon)...]
            if rest.hasPrefix("//") {
                rest = rest.dropFirst(2)
                guard let slash = rest.firstIndex(of: "/") else { return nil }
                let host = rest[..<slash]
                guard host.isEmpty || host.lowercased() == "localhost" else { return nil }
                rest = rest[slash...]
            }
            return percentDecoded(String(rest))
        }
        return url.isEmpty ? nil : url
    }

    /// Whether `text` is an RFC 3986 scheme (a letter, then letters, digits, `+`, `-`, `.`).
    private static func isScheme(_ text: Substring) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII,
            first.properties.isAlphabetic
        else { return false }
        return text.unicodeScalars.allSatisfy {
            $0.isASCII
                && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
                    || $0 == "+" || $0 == "-" || $0 == ".")
        }
    }

    /// `text` with `%XX` escapes decoded; nil when an escape is broken or decodes to NUL.
    private static func percentDecoded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue),
                let low = iterator.next().flatMap(hexValue)
            else { return nil }
            let decoded = high << 4 | low
            guard decoded != 0 else { return nil }
            bytes.append(decoded)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The value of one hexadecimal digit, or nil.
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The canonical absolute path of an existing file (`realpath`), or nil.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// A set of path prefixes guarded by a lock, read from libxml2's loader on any thread.
private final class LockedPaths: @unchecked Sendable {
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var paths: Set<String> = []

    init() {
        lock.initialize(to: pthread_mutex_t())
        pthread_mutex_init(lock, nil)
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    func insert(_ path: String) {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        paths.insert(path)
    }

    func contains(where predicate: (String) -> Bool) -> Bool {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return paths.contains(where: predicate)
    }
}
