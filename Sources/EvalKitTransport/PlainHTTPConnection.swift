#if os(Linux)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

private func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    connect(fd, address, length)
}

private func systemClose(_ fd: Int32) {
    _ = close(fd)
}

/// One TCP connection of a ``ConnectionPool``: it connects, writes one request at a time and reads its response, on the loop's thread.
///
/// It reports every outcome to its pool, which decides whether the connection is kept, handed to
/// the next waiting request, or closed. The socket is non-blocking with `TCP_NODELAY`, watched for
/// input all its life (so an idle connection the server closes is noticed) and for output only
/// while connecting or while a request does not fit the socket's buffer.
///
/// For an `https://` origin the connection runs a ``TLSSession`` over the socket: after the TCP
/// connect it shakes hands (the certificate verified against the pool's trust), then reads and
/// writes through OpenSSL, watching for output whenever OpenSSL wants to write.
final class PlainHTTPConnection: EventLoop.Handler {
    private enum State {
        case connecting
        case handshaking
        case open
        case closed
    }

    private static let inputEvents = EPoll.input | EPoll.readHangUp

    let origin: ConnectionPool.Origin
    private unowned let pool: ConnectionPool
    private let loop: EventLoop
    private var state = State.connecting
    private var fd: Int32 = -1
    private var token: UInt64 = 0
    private var addresses: [HostResolver.Address] = []
    private var addressIndex = 0
    private var connectError: Int32 = 0
    private var tls: TLSSession?
    private(set) var exchange: PlainHTTPTransport.Exchange?
    private var parser: HTTPResponseParser?
    private var written = 0
    private var watchingOutput = false
    /// Bytes of the current response have arrived: it may no longer be sent again.
    private var received = false
    /// Responses completed on it: a connection that served one was kept alive.
    private(set) var served = 0
    /// The pool's tick at the last byte moved for the current request.
    private(set) var lastActivity: UInt64 = 0

    init(pool: ConnectionPool, origin: ConnectionPool.Origin, loop: EventLoop) {
        self.pool = pool
        self.origin = origin
        self.loop = loop
    }

    var isBusy: Bool { exchange != nil }

    // MARK: Starting

    /// Connects to the first address that accepts, then sends `exchange`; the pool hears of a failure.
    func connect(to addresses: [HostResolver.Address], for exchange: PlainHTTPTransport.Exchange) {
        self.addresses = addresses
        attach(exchange)
        tryNextAddress()
    }

    /// Sends `exchange` on this open, idle connection.
    func start(_ exchange: PlainHTTPTransport.Exchange) {
        attach(exchange)
        write()
    }

    private func attach(_ exchange: PlainHTTPTransport.Exchange) {
        self.exchange = exchange
        exchange.stage = .active(self)
        parser = HTTPResponseParser(maxBodyBytes: pool.maxResponseBytes, bodiless: exchange.bodiless)
        written = 0
        received = false
        lastActivity = pool.ticks
    }

    private func tryNextAddress() {
        while addressIndex < addresses.count {
            let address = addresses[addressIndex]
            addressIndex += 1
            if fd >= 0 { closeSocket() }
            fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else {
                connectError = errno
                continue
            }
            var yes: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            let result = address.bytes.withUnsafeBytes { raw in
                systemConnect(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
            }
            let failure = result == 0 ? 0 : errno
            if failure == 0 || failure == EINPROGRESS {
                let events = failure == 0 ? Self.inputEvents : Self.inputEvents | EPoll.output
                guard let token = loop.register(fd, events: events, handler: self) else {
                    connectError = errno
                    continue
                }
                self.token = token
                watchingOutput = failure != 0
                if failure == 0 { connected() }
                return
            }
            connectError = failure
        }
        closeSocket()
        state = .closed
        pool.connectFailed(self, failure: connectError == ETIMEDOUT ? .timedOut : .cannotConnect)
    }

    private func connected() {
        origin.preferred = addresses[addressIndex - 1]
        addresses = []
        if let host = origin.tlsHost {
            guard let trust = pool.trust, let session = TLSSession(trust: trust, fd: fd, host: host) else {
                state = .closed
                closeSocket()
                pool.connectFailed(self, failure: .tls(.init(reason: .handshake, host: host, detail: "OpenSSL could not start a session")))
                return
            }
            tls = session
            state = .handshaking
            handshake()
        } else {
            state = .open
            write()
        }
    }

    private func handshake() {
        guard let tls else { return }
        switch tls.handshake() {
        case .done:
            state = .open
            lastActivity = pool.ticks
            write()
        case .wantRead:
            watch(output: false)
        case .wantWrite:
            watch(output: true)
        case .failed(let failure):
            state = .closed
            pool.connectFailed(self, failure: .tls(failure))
        case .lost:
            state = .closed
            pool.connectFailed(self, failure: .connectionLost)
        }
    }

    // MARK: Events

    func handle(events: UInt32) {
        switch state {
        case .connecting:
            var failure: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            if getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length) != 0 { failure = errno }
            if failure == 0, events & (EPoll.error | EPoll.hangUp) == 0 {
                connected()
            } else {
                connectError = failure == 0 ? ECONNREFUSED : failure
                tryNextAddress()
            }
        case .handshaking:
            handshake()
        case .open where tls != nil:
            // OpenSSL may want to write while reading and read while writing: try both.
            if events & EPoll.output != 0, watchingOutput {
                watch(output: false)
                write()
            }
            if state == .open { read() }
        case .open:
            if events & EPoll.output != 0, watchingOutput { write() }
            if state == .open, events & (EPoll.input | EPoll.readHangUp | EPoll.hangUp | EPoll.error) != 0 { read() }
        case .closed:
            break
        }
    }

    /// Whether the server closed this idle connection, or sent bytes nobody asked for: it must not carry a request.
    var isStale: Bool {
        if let tls { return tls.isStale }
        var byte: UInt8 = 0
        let count = recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
        return count >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)
    }

    // MARK: Writing

    private func write() {
        guard let exchange else { return }
        let message = exchange.message
        if let tls {
            writeSecurely(message, tls)
            return
        }
        while written < message.count {
            let sent = message.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + written, raw.count - written, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                written += sent
                lastActivity = pool.ticks
                continue
            }
            if sent < 0, errno == EINTR { continue }
            if sent < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                watch(output: true)
                return
            }
            broke(reset: sent < 0 && (errno == EPIPE || errno == ECONNRESET))
            return
        }
        watch(output: false)
    }

    private func writeSecurely(_ message: [UInt8], _ tls: TLSSession) {
        while written < message.count {
            let step = message.withUnsafeBytes { raw in
                tls.write(raw.baseAddress! + written, count: raw.count - written)
            }
            switch step {
            case .moved(let count):
                written += count
                lastActivity = pool.ticks
            case .wantWrite:
                watch(output: true)
                return
            case .wantRead:
                return
            case .closed:
                broke(reset: false)
                return
            case .broke(let reset):
                broke(reset: reset)
                return
            }
        }
    }

    private func watch(output: Bool) {
        guard output != watchingOutput else { return }
        watchingOutput = output
        loop.modify(fd, events: output ? Self.inputEvents | EPoll.output : Self.inputEvents, token: token)
    }

    // MARK: Reading

    private func read() {
        let buffer = loop.readBuffer
        while state == .open {
            if let tls {
                switch tls.read(into: buffer, count: EventLoop.readBufferSize) {
                case .moved(let count):
                    // OpenSSL hands out one record at a time: read on until it wants more from the socket.
                    guard consume(buffer, count) else { return }
                case .wantRead:
                    return
                case .wantWrite:
                    watch(output: true)
                    return
                case .closed:
                    ended()
                    return
                case .broke(let reset):
                    broke(reset: reset)
                    return
                }
                continue
            }
            let count = recv(fd, buffer, EventLoop.readBufferSize, 0)
            if count > 0 {
                guard consume(buffer, count) else { return }
                if count < EventLoop.readBufferSize { return }
            } else if count == 0 {
                ended()
                return
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                return
            } else {
                broke(reset: errno == ECONNRESET)
                return
            }
        }
    }

    /// Feeds `count` bytes of response to the parser; false when they ended the request or the connection's use.
    private func consume(_ buffer: UnsafeMutableRawPointer, _ count: Int) -> Bool {
        guard exchange != nil, var parser else {
            pool.idleConnectionEnded(self)
            return false
        }
        received = true
        lastActivity = pool.ticks
        self.parser = nil
        do {
            let used = try parser.consume(UnsafeRawBufferPointer(start: buffer, count: count))
            if parser.isComplete {
                let sentAll = written == exchange?.message.count
                complete(parser, reusable: parser.keepAlive && used == count && sentAll)
                return false
            }
        } catch {
            fail(error == .tooLarge ? .tooLarge : .malformed)
            return false
        }
        self.parser = parser
        return true
    }

    /// The server closed its side: the end of a body read to the close, or a loss.
    private func ended() {
        guard exchange != nil, var parser else {
            pool.idleConnectionEnded(self)
            return
        }
        do {
            try parser.finish()
            complete(parser, reusable: false)
        } catch {
            broke(reset: false)
        }
    }

    /// The connection failed under a request: lost, or sent again once on a fresh connection.
    ///
    /// A request goes again only when a kept-alive connection was reset before any byte of the
    /// answer: the server closed it without reading the request. A clean close after the request
    /// was written may mean the server read it, so that request is lost, never resent.
    private func broke(reset: Bool) {
        guard let exchange else {
            pool.idleConnectionEnded(self)
            return
        }
        let retry = reset && !received && served > 0 && !exchange.retried
        detach()
        pool.failed(self, exchange, failure: .connectionLost, retry: retry)
    }

    private func fail(_ failure: PlainHTTPTransport.Failure) {
        guard let exchange else { return }
        detach()
        pool.failed(self, exchange, failure: failure, retry: false)
    }

    private func complete(_ parser: HTTPResponseParser, reusable: Bool) {
        guard let exchange else { return }
        detach()
        served += 1
        pool.completed(self, exchange, response: HTTPResponse(status: parser.status, headers: parser.headers, body: parser.body), reusable: reusable)
    }

    /// Forgets the current request: what the pool does next with this connection is its call.
    func detach() {
        exchange = nil
        parser = nil
    }

    // MARK: Closing

    /// Closes the socket; its request, if any, is the caller's to finish.
    func close() {
        state = .closed
        detach()
        closeSocket()
    }

    private func closeSocket() {
        guard fd >= 0 else { return }
        if let tls {
            if served > 0 { tls.shutdown() }
            self.tls = nil
        }
        if token != 0 { loop.deregister(token: token) }
        token = 0
        systemClose(fd)
        fd = -1
        watchingOutput = false
    }
}
#endif
