#if os(Linux)
import Foundation
import Synchronization
import EvalKitSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An HTTP/1.1 client for `http://` and `https://` URLs over sockets: one epoll thread for the process, keep-alive connections, and no thread hand-off for a caller that prefers its ``executor``.
///
/// `https` runs the system's OpenSSL over the same sockets (``TLSSession``), verifying every
/// server's certificate against a ``TLSTrust``; its connections are pooled and kept alive like
/// plain ones, so N requests at concurrency C open about C connections, not N.
///
/// ``send(_:)`` resolves the host (off the loop, cached), builds the request's bytes on the
/// caller's thread and hands them to the loop, which writes them on a pooled connection, reads the
/// response and resumes the caller directly. A task that prefers the loop as its executor runs on
/// the loop's thread: its request is written at once and its answer resumes it there, so a run
/// of many requests costs no thread wake-ups. Cancelling the calling task closes that request's
/// connection and returns `cancelled` at once. Every transport shares one loop, whose thread starts
/// with the first request; a transport that goes away closes its connections.
public final class PlainHTTPTransport: Sendable {
    /// Why a request got no response.
    public enum Failure: Error, Equatable {
        case cancelled
        /// No byte moved for longer than the idle timeout.
        case timedOut
        case cannotResolve
        /// No address of the host accepted a connection.
        case cannotConnect
        /// The connection ended or broke before the response was complete.
        case connectionLost
        /// The response is not HTTP/1.x.
        case malformed
        /// The body is longer than the cap.
        case tooLarge
        /// Not an `http://` or `https://` URL with a host, or a body given as a stream.
        case unsupported
        /// The TLS handshake failed or the server's certificate did not verify: never worth retrying.
        case tls(TLSFailure)
    }

    private let loop: EventLoop
    private let pool: ConnectionPool
    private let resolver = HostResolver()
    /// The last URL sent to and where it points: a provider sends every request to one URL.
    private let lastTarget = Mutex<(url: URL, target: Target)?>(nil)

    /// - Parameters:
    ///   - maxConnections: connections kept to one host; more requests at once wait their turn.
    ///   - idleTimeout: seconds a request may go without a byte moving before it fails.
    ///   - maxResponseBytes: the largest body read; a longer one fails with `tooLarge`.
    ///   - trust: the roots `https` servers are verified against, evaluated at the first https connection.
    public init(maxConnections: Int, idleTimeout: Double, maxResponseBytes: Int, trust: @escaping @Sendable @autoclosure () -> TLSTrust? = TLSTrust.system) {
        loop = EventLoop.shared
        pool = ConnectionPool(loop: loop, maxConnections: maxConnections, maxResponseBytes: maxResponseBytes, idleTimeout: idleTimeout, trust: trust())
    }

    deinit {
        let pool = pool
        loop.execute { pool.shutdown() }
    }

    /// The loop's thread as an executor: a task that prefers it gets each response on the thread
    /// that read it, without a hand-off to another thread.
    public var executor: any TaskExecutor { loop }

    /// Whether the caller runs on the loop's thread.
    var isOnLoopThread: Bool { loop.isCurrent }

    /// Whether this transport can carry `request`: an `http://` or `https://` URL, and no body stream.
    public static func handles(_ request: URLRequest) -> Bool {
        ["http", "https"].contains(request.url?.scheme?.lowercased()) && request.httpBodyStream == nil
    }

    /// Sends one request and returns its response whatever the status, or why there is none.
    public func send(_ request: URLRequest) async -> Result<HTTPResponse, Failure> {
        guard let url = request.url, let target = target(of: url) else { return .failure(.unsupported) }
        let head = RequestHead(method: request.httpMethod ?? "GET", target: target, headers: request.allHTTPHeaderFields ?? [:])
        return await send(head, body: request.httpBody)
    }

    /// Sends one request made of `head` and `body` and returns its response whatever the status, or why there is none.
    public func send(_ head: RequestHead, body: Data?) async -> Result<HTTPResponse, Failure> {
        let target = head.target
        guard let addresses = await resolver.resolve(host: target.host, port: target.port) else {
            return .failure(Task.isCancelled ? .cancelled : .cannotResolve)
        }
        let exchange = Exchange(
            origin: target.origin, tlsHost: target.secure ? target.host : nil, addresses: addresses,
            message: head.message(body: body), bodiless: head.method == "HEAD")
        let loop = loop
        let pool = pool
        let cancel: @Sendable () -> Void = {
            exchange.markCancelled()
            loop.execute { pool.cancel(exchange) }
        }
        // The attempt's deadline ends the request as cancelling its task does.
        let deadline = DeadlineSignal.current
        defer { deadline?.clear() }
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { continuation in
                exchange.continuation = continuation
                if let deadline, !deadline.onFire(cancel) {
                    exchange.finish(.failure(.cancelled))
                } else if loop.isCurrent {
                    // A task running on the loop (one that prefers its executor) submits at once.
                    pool.submit(exchange)
                } else if !loop.execute({ pool.submit(exchange) }) {
                    exchange.finish(.failure(.cannotConnect))
                }
            }
        } onCancel: {
            cancel()
        }
    }

    /// Where `url` points, read once for the URL sent to last.
    private func target(of url: URL) -> Target? {
        if let last = lastTarget.withLock({ $0 }), last.url == url { return last.target }
        guard let target = Target(url) else { return nil }
        lastTarget.withLock { $0 = (url, target) }
        return target
    }

    /// The connections open or opening now, counted on the loop's thread.
    func connectionCount() async -> Int {
        let pool = pool
        return await withCheckedContinuation { continuation in
            if !loop.execute({ continuation.resume(returning: pool.connectionCount) }) {
                continuation.resume(returning: 0)
            }
        }
    }
}
#endif
