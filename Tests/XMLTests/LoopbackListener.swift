#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP socket listening on 127.0.0.1 that never accepts, to prove nobody connected to it.
///
/// A connection attempt completes in the kernel's backlog even though the listener never
/// calls `accept` itself, so `receivedConnection()` sees any attempt made before it is asked.
final class LoopbackListener {
    private let socketDescriptor: Int32
    /// The port it listens on.
    let port: UInt16

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ListenerError.setup("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw ListenerError.setup("bind/listen")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getsockname(descriptor, $0, &length)
            }
        }
        guard named == 0 else {
            close(descriptor)
            throw ListenerError.setup("getsockname")
        }
        socketDescriptor = descriptor
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit {
        close(socketDescriptor)
    }

    /// The base URL to point hostile references at.
    var url: String { "http://127.0.0.1:\(port)" }

    /// Whether any client has connected so far (a non-blocking `accept`).
    func receivedConnection() -> Bool {
        let flags = fcntl(socketDescriptor, F_GETFL)
        _ = fcntl(socketDescriptor, F_SETFL, flags | O_NONBLOCK)
        let client = accept(socketDescriptor, nil, nil)
        guard client >= 0 else { return false }
        close(client)
        return true
    }

    enum ListenerError: Error {
        case setup(String)
    }
}
