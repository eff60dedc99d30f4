#if os(Linux)
/// The keep-alive connections of one client, at most `maxConnections` to each host, and the requests waiting for one, on the loop's thread.
///
/// A request takes an idle connection, else opens a new one while the host has fewer than
/// `maxConnections`, else waits its turn (first come, first served). A finished connection goes
/// to the next waiting request or back to the idle ones; one the server closed, or that broke,
/// is closed and, if requests wait, replaced. Before an idle connection carries a request it is
/// checked for a close the server sent meanwhile, so a server closing idle connections costs
/// nothing but a new connection.
final class ConnectionPool: @unchecked Sendable {
    /// The connections and waiting requests of one scheme, host and port.
    final class Origin {
        let key: String
        /// The host name or address an `https` origin's certificate must name; nil for `http`.
        let tlsHost: String?
        var idle: [PlainHTTPConnection] = []
        var waiting: [PlainHTTPTransport.Exchange] = []
        var waitingStart = 0
        /// Connections open or opening.
        var open = 0
        /// The address the last connection reached, tried first next time.
        var preferred: HostResolver.Address?

        init(key: String, tlsHost: String?) {
            self.key = key
            self.tlsHost = tlsHost
        }

        /// The next waiting request not cancelled meanwhile.
        func nextWaiting() -> PlainHTTPTransport.Exchange? {
            while waitingStart < waiting.count {
                let exchange = waiting[waitingStart]
                waitingStart += 1
                if waitingStart == waiting.count {
                    waiting.removeAll(keepingCapacity: true)
                    waitingStart = 0
                } else if waitingStart >= 64, waitingStart * 2 >= waiting.count {
                    waiting.removeFirst(waitingStart)
                    waitingStart = 0
                }
                if !exchange.isDone { return exchange }
            }
            return nil
        }
    }

    let maxConnections: Int
    let maxResponseBytes: Int
    /// The roots `https` connections verify against; nil when OpenSSL is unusable (they then fail).
    /// Loaded when the first https connection asks (the system's roots take tens of milliseconds,
    /// which a run over plain http never spends).
    var trust: TLSTrust? { trustSource() }
    private let trustSource: @Sendable () -> TLSTrust?
    /// Ticks (about a second each) a request may go without a byte moving before it fails.
    let idleTimeoutTicks: UInt64
    /// Counts the loop's ticks while connections exist.
    private(set) var ticks: UInt64 = 0
    private let loop: EventLoop
    private var origins: [String: Origin] = [:]
    private var connections: [ObjectIdentifier: PlainHTTPConnection] = [:]
    private var ticking = false

    init(loop: EventLoop, maxConnections: Int, maxResponseBytes: Int, idleTimeout: Double, trust: @escaping @Sendable @autoclosure () -> TLSTrust? = nil) {
        self.loop = loop
        self.trustSource = trust
        self.maxConnections = max(1, maxConnections)
        self.maxResponseBytes = maxResponseBytes
        idleTimeoutTicks = UInt64(max(1, min(idleTimeout.rounded(.up), 1e9)))
    }

    /// The connections open or opening now, for tests.
    var connectionCount: Int { connections.count }

    // MARK: Requests

    func submit(_ exchange: PlainHTTPTransport.Exchange) {
        if !ticking {
            ticking = true
            loop.onTick(self) { [weak self] _ in self?.tick() }
        }
        guard !exchange.isCancelled else {
            exchange.finish(.failure(.cancelled))
            return
        }
        let origin = origins[exchange.origin] ?? {
            let origin = Origin(key: exchange.origin, tlsHost: exchange.tlsHost)
            origins[exchange.origin] = origin
            return origin
        }()
        if let connection = takeIdle(origin) {
            connection.start(exchange)
        } else if origin.open < maxConnections {
            open(origin, for: exchange)
        } else {
            exchange.stage = .waiting
            origin.waiting.append(exchange)
        }
    }

    /// Ends a request whose task was cancelled: it leaves the queue, or its connection is closed.
    func cancel(_ exchange: PlainHTTPTransport.Exchange) {
        switch exchange.stage {
        case .new, .done:
            return
        case .waiting:
            exchange.finish(.failure(.cancelled))
        case .active(let connection):
            discard(connection)
            exchange.finish(.failure(.cancelled))
        }
    }

    // MARK: What connections report

    func completed(_ connection: PlainHTTPConnection, _ exchange: PlainHTTPTransport.Exchange, response: HTTPResponse, reusable: Bool) {
        exchange.finish(.success(response))
        if reusable {
            release(connection)
        } else {
            discard(connection)
        }
    }

    func failed(_ connection: PlainHTTPConnection, _ exchange: PlainHTTPTransport.Exchange, failure: PlainHTTPTransport.Failure, retry: Bool) {
        if retry, !exchange.isCancelled {
            exchange.retried = true
            remove(connection)
            open(connection.origin, for: exchange)
        } else {
            exchange.finish(.failure(failure))
            discard(connection)
        }
    }

    /// A connection could not be made. A TLS failure (a certificate or handshake problem) would
    /// recur on every connection to the origin, so the requests waiting for it fail with it too.
    func connectFailed(_ connection: PlainHTTPConnection, failure: PlainHTTPTransport.Failure) {
        let exchange = connection.exchange
        connection.detach()
        exchange?.finish(.failure(failure))
        if case .tls = failure {
            while let waiting = connection.origin.nextWaiting() {
                waiting.finish(.failure(failure))
            }
        }
        discard(connection)
    }

    /// An idle connection was closed by the server, or sent bytes nobody asked for.
    func idleConnectionEnded(_ connection: PlainHTTPConnection) {
        discard(connection)
    }

    // MARK: Connections

    private func open(_ origin: Origin, for exchange: PlainHTTPTransport.Exchange) {
        origin.open += 1
        let connection = PlainHTTPConnection(pool: self, origin: origin, loop: loop)
        connections[ObjectIdentifier(connection)] = connection
        var addresses = exchange.addresses
        if let preferred = origin.preferred, let index = addresses.firstIndex(of: preferred), index > 0 {
            addresses.swapAt(0, index)
        }
        connection.connect(to: addresses, for: exchange)
    }

    /// An idle connection of `origin` still open at the server's end, closing the stale ones met on the way.
    private func takeIdle(_ origin: Origin) -> PlainHTTPConnection? {
        while let connection = origin.idle.popLast() {
            if !connection.isStale { return connection }
            remove(connection)
        }
        return nil
    }

    /// Gives a connection that finished its request to the next waiting one, or keeps it idle.
    private func release(_ connection: PlainHTTPConnection) {
        if connection.origin.waitingStart < connection.origin.waiting.count, connection.isStale {
            discard(connection)
        } else if let next = connection.origin.nextWaiting() {
            connection.start(next)
        } else {
            connection.origin.idle.append(connection)
        }
    }

    /// Closes a connection and, if requests wait, opens another for the first of them.
    private func discard(_ connection: PlainHTTPConnection) {
        guard remove(connection) else { return }
        let origin = connection.origin
        if origin.open < maxConnections, let next = origin.nextWaiting() {
            open(origin, for: next)
        }
    }

    /// Closes a connection and forgets it; false if it was already gone.
    @discardableResult
    private func remove(_ connection: PlainHTTPConnection) -> Bool {
        guard connections.removeValue(forKey: ObjectIdentifier(connection)) != nil else { return false }
        connection.close()
        let origin = connection.origin
        origin.open -= 1
        if let index = origin.idle.firstIndex(where: { $0 === connection }) {
            origin.idle.remove(at: index)
        }
        return true
    }

    /// Fails the requests whose connection moved no byte for longer than the idle timeout.
    private func tick() {
        ticks += 1
        let stalled = connections.values.filter { $0.isBusy && ticks - $0.lastActivity > idleTimeoutTicks }
        for connection in stalled {
            if let exchange = connection.exchange {
                connection.detach()
                exchange.finish(.failure(.timedOut))
            }
            discard(connection)
        }
    }

    /// Fails every request with `cancelled` and closes every connection: the client is going away.
    func shutdown() {
        loop.removeTick(self)
        ticking = false
        for connection in connections.values {
            let exchange = connection.exchange
            connection.close()
            exchange?.finish(.failure(.cancelled))
        }
        connections = [:]
        for origin in origins.values {
            while let exchange = origin.nextWaiting() {
                exchange.finish(.failure(.cancelled))
            }
            origin.idle = []
        }
        origins = [:]
    }
}
#endif
