#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A loopback server that answers each request with scripted bytes, for the responses the fake model server never sends.
///
/// Requests are answered in order across all connections; after a reply marked `close`, or when
/// the script runs out, the connection is closed (reset, for `Reply.reset`).
final class RawHTTPServer: Sendable {
    struct Reply: Sendable {
        var bytes: [UInt8]
        var close: Bool
        var reset = false

        init(_ text: String, close: Bool = false) {
            bytes = Array(text.utf8)
            self.close = close
        }

        /// No answer: the connection is reset (closed with a zero linger, which sends RST).
        static let reset = {
            var reply = Reply("", close: true)
            reply.reset = true
            return reply
        }()
    }

    struct Failure: Error {
        var message: String
    }

    private struct State {
        var replies: [Reply]
        var next = 0
        var connections = 0
        var heads: [String] = []
    }

    let port: Int
    private let listener: Int32
    private let state: Mutex<State>
    private let readDelay: UInt32

    /// - Parameter readDelayMilliseconds: how long a new connection goes unread, so a big request fills the socket buffers.
    init(_ replies: [Reply], readDelayMilliseconds: Int = 0) throws {
        state = Mutex(State(replies: replies))
        readDelay = UInt32(readDelayMilliseconds * 1000)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, bound == 0, listen(fd, 64) == 0 else { throw Failure(message: "cannot listen: \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in acceptLoop() }.start()
    }

    /// Stops accepting; connections being served end on their own.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Connections accepted so far.
    var connections: Int { state.withLock { $0.connections } }

    /// The heads (request line and headers) of the requests received, in order.
    var heads: [String] { state.withLock { $0.heads } }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { return }
            state.withLock { $0.connections += 1 }
            Thread { [self] in serve(fd) }.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        if readDelay > 0 { usleep(readDelay) }
        var buffer: [UInt8] = []
        while let head = readRequest(fd, &buffer) {
            let reply = state.withLock { state -> Reply? in
                state.heads.append(head)
                guard state.next < state.replies.count else { return nil }
                defer { state.next += 1 }
                return state.replies[state.next]
            }
            guard let reply else { return }
            if reply.reset {
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                return
            }
            var offset = 0
            while offset < reply.bytes.count {
                let sent = reply.bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
                guard sent > 0 else { return }
                offset += sent
            }
            if reply.close { return }
        }
    }

    /// Reads one request's head and `Content-Length` body; nil when the client hangs up.
    private func readRequest(_ fd: Int32, _ buffer: inout [UInt8]) -> String? {
        let terminator: [UInt8] = [13, 10, 13, 10]
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = buffer.indices.dropLast(3).first(where: { Array(buffer[$0..<$0 + 4]) == terminator }) {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                while buffer.count < end + 4 + length {
                    let count = recv(fd, &chunk, chunk.count, 0)
                    guard count > 0 else { return nil }
                    buffer.append(contentsOf: chunk[..<count])
                }
                buffer.removeFirst(end + 4 + length)
                return head
            }
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}
