#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

private func systemSend(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int, _ flags: Int32) -> Int {
    send(fd, bytes, count, flags)
}

/// One accepted HTTP/1.1 connection of the fake server, served on its own thread until either side closes it.
///
/// It reads requests with `Content-Length` or chunked bodies, answers `Expect: 100-continue`, keeps
/// the connection alive between requests unless asked to close, and writes each reply with a
/// `Content-Length`.
final class HTTPConnection {
    /// A request line, its headers and what its body framing needs.
    private struct Head {
        var method: String
        var target: String
        var version: String
        var headers: [FakeModelServer.RecordedRequest.Header]

        func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    private enum ReadError: Error {
        case closed
        case malformed(String)
        case tooLarge
    }

    private static let maxHeaderBytes = 64 << 10
    private static let pollReadHangUp: Int16 = 0x2000

    private let fd: Int32
    private let server: FakeModelServer
    /// Received bytes not yet consumed are `storage[start..<end]`.
    private var storage: UnsafeMutableRawPointer
    private var capacity = 64 << 10
    private var start = 0
    private var end = 0

    init(fd: Int32, server: FakeModelServer) {
        self.fd = fd
        self.server = server
        storage = malloc(capacity)!
    }

    deinit {
        free(storage)
    }

    /// Serves requests until the peer closes, an error happens or the server stops; then closes the socket.
    func run() {
        defer { server.connectionEnded(fd) }
        while !server.isStopped {
            let request: FakeModelServer.RecordedRequest
            let keepAlive: Bool
            do {
                let head = try readHead()
                let body = try readBody(of: head)
                request = FakeModelServer.RecordedRequest(method: head.method, target: head.target, headers: head.headers, body: body)
                let connection = head.header("Connection")?.lowercased() ?? ""
                keepAlive = head.version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
            } catch ReadError.malformed(let reason) {
                _ = write(ModelResponder.Reply(status: 400, body: #"{"error": {"code": 400, "message": \#(ModelResponder.json(reason))}}"#), keepAlive: false)
                return
            } catch ReadError.tooLarge {
                _ = write(ModelResponder.Reply(status: 413, body: #"{"error": {"code": 413, "message": "request too large"}}"#), keepAlive: false)
                return
            } catch {
                return
            }
            guard serve(request, keepAlive: keepAlive), keepAlive else { return }
        }
    }

    /// Answers one request; false when the connection must end.
    private func serve(_ request: FakeModelServer.RecordedRequest, keepAlive: Bool) -> Bool {
        if request.path == "/_stats" {
            return write(server.controlReply(to: request), keepAlive: keepAlive)
        }
        let reply = answer(request, plan: server.begin(request))
        // Counted out before the bytes go, so a client that has its answer never sees it still in flight.
        server.end()
        guard let reply else { return false }
        return write(reply, keepAlive: keepAlive)
    }

    /// The reply to a model request after its fault and latency, or nil to close the connection.
    private func answer(_ request: FakeModelServer.RecordedRequest, plan: FakeModelServer.Plan) -> ModelResponder.Reply? {
        let reply: ModelResponder.Reply
        switch plan.fault {
        case .closeConnection?:
            return nil
        case .delay(let milliseconds)?:
            guard wait(milliseconds: milliseconds) else { return nil }
            reply = server.reply(to: request)
        case .reply(let status, let headers, let body)?:
            reply = ModelResponder.Reply(status: status, headers: headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, body: body)
        case .malformedJSON?:
            reply = ModelResponder.Reply(status: 200, body: #"{"candidates": [{"content": {"parts": [{"text": "1"}"#)
        case .hugeBody(let bytes)?:
            reply = ModelResponder.Reply(status: 200, bytes: Self.hugeBody(bytes))
        case nil:
            reply = plan.transientError ?? server.reply(to: request)
        }
        return wait(milliseconds: server.configuration.latencyMilliseconds) ? reply : nil
    }

    private static func hugeBody(_ bytes: Int) -> Data {
        var body = Data(#"{"candidates": [{"content": {"parts": [{"text": ""#.utf8)
        let tail = Data(#""}]}, "finishReason": "STOP"}], "choices": [{"text": "x"}]}"#.utf8)
        body.append(Data(repeating: UInt8(ascii: "x"), count: max(0, bytes - body.count - tail.count)))
        body.append(tail)
        return body
    }

    // MARK: Waiting

    /// Sleeps without blocking other connections; false if the peer hung up or the server stopped meanwhile.
    private func wait(milliseconds: Int) -> Bool {
        guard milliseconds > 0 else { return true }
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(milliseconds) * 1_000_000
        while !server.isStopped {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { return true }
            let slice = Int32(min((deadline - now + 999_999) / 1_000_000, 200))
            var descriptor = pollfd(fd: fd, events: Self.pollReadHangUp, revents: 0)
            let ready = poll(&descriptor, 1, slice)
            if ready > 0, descriptor.revents & (Self.pollReadHangUp | Int16(POLLHUP) | Int16(POLLERR)) != 0 { return false }
        }
        return false
    }

    // MARK: Reading

    /// Reads more bytes from the socket into the buffer, making room first.
    private func fill() throws(ReadError) {
        if start == end {
            start = 0
            end = 0
        } else if capacity - end < 16 << 10 {
            if start > 0 {
                memmove(storage, storage + start, end - start)
                end -= start
                start = 0
            }
            if capacity - end < 16 << 10 {
                capacity *= 2
                storage = realloc(storage, capacity)!
            }
        }
        var received = recv(fd, storage + end, capacity - end, 0)
        // A signal that arrives meanwhile (a child of the test process exiting) is not the peer closing.
        while received < 0 && errno == EINTR { received = recv(fd, storage + end, capacity - end, 0) }
        if received <= 0 { throw .closed }
        end += received
    }

    /// The offset of the first `byte` at or after `offset`, or nil.
    private func find(_ byte: UInt8, from offset: Int) -> Int? {
        guard offset < end, let found = memchr(storage + offset, Int32(byte), end - offset) else { return nil }
        return storage.distance(to: found)
    }

    private func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage + range.lowerBound, count: range.count)
    }

    private func readHead() throws(ReadError) -> Head {
        var scanned = start
        while true {
            while let newline = find(10, from: scanned) {
                if newline + 2 < end {
                    let next = storage.load(fromByteOffset: newline + 1, as: UInt8.self)
                    let after = storage.load(fromByteOffset: newline + 2, as: UInt8.self)
                    if next == 13, after == 10 {
                        let text = String(decoding: bytes(start..<newline - 1), as: UTF8.self)
                        start = newline + 3
                        return try parseHead(text)
                    }
                    scanned = newline + 1
                } else {
                    break
                }
            }
            if end - start > Self.maxHeaderBytes { throw .malformed("header section too large") }
            let offset = scanned - start
            try fill()
            scanned = start + offset
        }
    }

    private func parseHead(_ text: String) throws(ReadError) -> Head {
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        while lines.first?.isEmpty == true { lines.removeFirst() }
        guard let requestLine = lines.first else { throw .malformed("empty request") }
        let parts = requestLine.split(separator: " ")
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else { throw .malformed("bad request line") }
        var headers: [FakeModelServer.RecordedRequest.Header] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw .malformed("bad header line") }
            headers.append(.init(name: String(line[..<colon]), value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return Head(method: String(parts[0]), target: String(parts[1]), version: String(parts[2]), headers: headers)
    }

    private func readBody(of head: Head) throws(ReadError) -> Data {
        let chunked = head.header("Transfer-Encoding")?.lowercased().contains("chunked") == true
        let length = head.header("Content-Length").flatMap { Int($0) }
        guard chunked || (length ?? 0) > 0 else { return Data() }
        if let length, length > server.configuration.maxBodyBytes { throw .tooLarge }
        if head.header("Expect")?.lowercased() == "100-continue" {
            guard send(Data("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { throw .closed }
        }
        if chunked { return try readChunks() }
        var body = Data()
        try readExact(length ?? 0, into: &body)
        return body
    }

    private func readExact(_ count: Int, into data: inout Data) throws(ReadError) {
        var remaining = count
        while remaining > 0 {
            if start == end { try fill() }
            let take = min(remaining, end - start)
            data.append(storage.assumingMemoryBound(to: UInt8.self) + start, count: take)
            start += take
            remaining -= take
        }
    }

    private func readLine() throws(ReadError) -> String {
        while true {
            if let newline = find(10, from: start) {
                var last = newline
                if last > start, storage.load(fromByteOffset: last - 1, as: UInt8.self) == 13 { last -= 1 }
                let line = String(decoding: bytes(start..<last), as: UTF8.self)
                start = newline + 1
                return line
            }
            if end - start > Self.maxHeaderBytes { throw .malformed("chunk line too long") }
            try fill()
        }
    }

    private func readChunks() throws(ReadError) -> Data {
        var body = Data()
        while true {
            let line = try readLine()
            let sizeText = line.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else { throw .malformed("bad chunk size") }
            if size == 0 {
                while try !readLine().isEmpty {}
                return body
            }
            guard body.count + size <= server.configuration.maxBodyBytes else { throw .tooLarge }
            try readExact(size, into: &body)
            guard try readLine().isEmpty else { throw .malformed("chunk not followed by CRLF") }
        }
    }

    // MARK: Writing

    private func write(_ reply: ModelResponder.Reply, keepAlive: Bool) -> Bool {
        var head = "HTTP/1.1 \(reply.status) \(Self.reason(reply.status))\r\n"
        var hasType = false
        for (name, value) in reply.headers {
            head += "\(name): \(value)\r\n"
            if name.lowercased() == "content-type" { hasType = true }
        }
        if !hasType { head += "Content-Type: application/json\r\n" }
        head += "Content-Length: \(reply.body.count)\r\nConnection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        var bytes = Data(head.utf8)
        bytes.append(reply.body)
        return send(bytes)
    }

    private func send(_ bytes: Data) -> Bool {
        var offset = 0
        #if os(Linux)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                systemSend(fd, raw.baseAddress! + offset, bytes.count - offset, flags)
            }
            if sent < 0, errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 413: "Content Too Large"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status"
        }
    }
}
