import Foundation
import Synchronization
import EvalKitSupport
import EvalKitTransport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One URLSession for one provider: pooled keep-alive connections, no cache or cookies, capped bodies, prompt cancellation.
///
/// On Linux, `http://` and `https://` requests go through a ``PlainHTTPTransport`` instead, which
/// costs far less per request than URLSession over libcurl, keeps TLS connections alive, honours
/// `ca_file` and `SSL_CERT_FILE`, and names TLS failures; URLSession serves other platforms.
///
/// It sends a request and returns the status, headers and body whatever the status; turning them
/// into answers or classified errors is the provider's job. Transport failures come back as
/// `ProviderError`s already classified (connection errors and timeouts are transient), with
/// messages built here, never from the URL's path or query, the request or its headers.
final class HTTPClient: Sendable {
    /// A complete HTTP answer.
    typealias Response = HTTPResponse

    /// The largest body it reads by default: 16 MiB.
    static let defaultMaxResponseBytes = 16 << 20

    /// Made on first use: on Linux only requests the socket transport cannot carry need it, and
    /// an unused URLSession would still cost libcurl's start-up and memory.
    private let session = Mutex<URLSession?>(nil)
    private let delegate: Delegate
    private let maxConnections: Int
    private let idleTimeout: TimeInterval
    #if os(Linux)
    private let plain: PlainHTTPTransport
    #endif
    let maxResponseBytes: Int

    /// - Parameters:
    ///   - maxConnections: connections kept to one host; the runner's concurrency can use this many at once.
    ///   - idleTimeout: seconds without a byte before the attempt fails (the runner enforces the deadline).
    ///   - trust: the roots https servers are verified against; the system's when nil.
    init(maxConnections: Int = 64, idleTimeout: TimeInterval = 300, maxResponseBytes: Int = HTTPClient.defaultMaxResponseBytes, trust: TLSTrust? = nil) {
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.maxResponseBytes = maxResponseBytes
        delegate = Delegate(maxResponseBytes: maxResponseBytes)
        #if os(Linux)
        plain = PlainHTTPTransport(maxConnections: maxConnections, idleTimeout: idleTimeout, maxResponseBytes: maxResponseBytes, trust: trust ?? TLSTrust.system)
        #endif
    }

    deinit {
        session.withLock { $0?.invalidateAndCancel() }
    }

    /// Where its responses arrive: tasks that prefer it are resumed without a thread hand-off.
    var executor: (any TaskExecutor)? {
        #if os(Linux)
        plain.executor
        #else
        nil
        #endif
    }

    /// The URLSession, made on the first call.
    private func urlSession() -> URLSession {
        session.withLock { session in
            if let session { return session }
            let configuration = URLSessionConfiguration.ephemeral
            configuration.httpMaximumConnectionsPerHost = max(1, maxConnections)
            configuration.urlCache = nil
            configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
            configuration.httpCookieStorage = nil
            configuration.httpShouldSetCookies = false
            configuration.httpCookieAcceptPolicy = .never
            configuration.timeoutIntervalForRequest = idleTimeout
            configuration.timeoutIntervalForResource = 7 * 24 * 3600
            let made = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
            session = made
            return made
        }
    }

    /// A request's method, URL and headers, prepared once for a provider that sends them with every body.
    struct Prepared: Sendable {
        /// The request without a body: what URLSession sends, and what messages name.
        let request: URLRequest
        #if os(Linux)
        /// Its head for the socket transport; nil when that transport cannot carry it.
        let head: PlainHTTPTransport.RequestHead?
        #endif

        init(_ request: URLRequest) {
            self.request = request
            #if os(Linux)
            head = PlainHTTPTransport.RequestHead(request)
            #endif
        }
    }

    /// Sends one request; returns on any HTTP status, throws a classified error on transport failure or cancellation.
    func send(_ request: URLRequest) async throws(ProviderError) -> Response {
        guard !Task.isCancelled else { throw ProviderError(.transient, "request to \(Self.place(of: request.url)) cancelled") }
        #if os(Linux)
        if PlainHTTPTransport.handles(request) {
            return try await outcome(plain.send(request), url: request.url)
        }
        #endif
        return try await outcome(sessionSend(request), url: request.url)
    }

    /// Sends `prepared` with `body`, as ``send(_:)`` would send the same request.
    func send(_ prepared: Prepared, body: Data?) async throws(ProviderError) -> Response {
        guard !Task.isCancelled else { throw ProviderError(.transient, "request to \(Self.place(of: prepared.request.url)) cancelled") }
        #if os(Linux)
        if let head = prepared.head {
            return try await outcome(plain.send(head, body: body), url: prepared.request.url)
        }
        #endif
        var request = prepared.request
        request.httpBody = body
        return try await outcome(sessionSend(request), url: request.url)
    }

    #if os(Linux)
    private func outcome(_ result: Result<Response, PlainHTTPTransport.Failure>, url: URL?) throws(ProviderError) -> Response {
        switch result {
        case .success(let response): return response
        case .failure(.tls(let failure)): throw ProviderError(.fatal, failure.message)
        case .failure(let failure): return try outcome(.failure(Delegate.Failure(failure)), url: url)
        }
    }
    #endif

    private func outcome(_ result: Result<Response, Delegate.Failure>, url: URL?) throws(ProviderError) -> Response {
        // Worded only when it fails: most requests never need it.
        var place: String { Self.place(of: url) }
        switch result {
        case .success(let response):
            return response
        case .failure(.tooLarge):
            throw ProviderError(.permanent, "response too large: \(place) sent more than \(Self.byteCount(maxResponseBytes))")
        case .failure(.transport(let code)):
            throw Self.error(for: code, place: place)
        }
    }

    private func sessionSend(_ request: URLRequest) async -> Result<Response, Delegate.Failure> {
        let task = urlSession().dataTask(with: request)
        // The attempt's deadline ends the request as cancelling its task would.
        let deadline = DeadlineSignal.current
        defer { deadline?.clear() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                delegate.register(task.taskIdentifier, continuation)
                task.resume()
                let expired = deadline.map { !$0.onFire { task.cancel() } } ?? false
                if Task.isCancelled || expired { task.cancel() }
            }
        } onCancel: {
            task.cancel()
        }
    }

    /// The scheme, host and port of a URL: what a message may say about where a request went.
    static func place(of url: URL?) -> String {
        guard let url, let host = url.host else { return "the server" }
        let port = url.port.map { ":\($0)" } ?? ""
        return "\(url.scheme ?? "http")://\(host)\(port)"
    }

    static func byteCount(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }

    static func error(for code: URLError.Code, place: String) -> ProviderError {
        switch code {
        case .cancelled:
            return ProviderError(.transient, "request to \(place) cancelled")
        case .timedOut:
            return ProviderError(.transient, "request to \(place) timed out (no data for too long)")
        case .cannotConnectToHost:
            return ProviderError(.transient, "cannot connect to \(place) (connection refused)")
        case .networkConnectionLost:
            return ProviderError(.transient, "connection to \(place) was closed before the answer came")
        case .cannotFindHost, .dnsLookupFailed:
            return ProviderError(.transient, "cannot resolve the host of \(place)")
        case .notConnectedToInternet:
            return ProviderError(.transient, "cannot reach \(place): not connected to a network")
        case .badServerResponse, .cannotParseResponse:
            return ProviderError(.transient, "\(place) closed the connection or sent a response that is not valid HTTP")
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            return ProviderError(.fatal, "TLS connection to \(place) failed (certificate or handshake): check the server's certificate and host name; for a private CA set ca_file or SSL_CERT_FILE")
        case .unsupportedURL, .badURL:
            return ProviderError(.fatal, "the URL of \(place) is not supported")
        default:
            return ProviderError(.transient, "request to \(place) failed (URLError \(code.rawValue))")
        }
    }
}
