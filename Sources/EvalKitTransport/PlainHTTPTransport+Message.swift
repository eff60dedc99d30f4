#if os(Linux)
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension PlainHTTPTransport {
    /// Where a URL points: the host to connect to and what the request line and `Host` header say.
    struct Target {
        var host: String
        var port: Int
        /// `https`: the connection runs TLS.
        var secure: Bool
        /// `scheme://host:port`, naming the connection pool.
        var origin: String
        var hostHeader: String
        /// The path (at least `/`) and query, percent-encoded as in the URL.
        var requestTarget: String

        init?(_ url: URL) {
            guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", var host = url.host, !host.isEmpty else { return nil }
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            self.host = host
            secure = scheme == "https"
            let defaultPort = secure ? 443 : 80
            port = url.port ?? defaultPort
            origin = "\(scheme)://\(host):\(port)"
            let shown = host.contains(":") ? "[\(host)]" : host
            hostHeader = port == defaultPort ? shown : "\(shown):\(port)"
            let path = url.path(percentEncoded: true)
            requestTarget = path.isEmpty ? "/" : path
            if let query = url.query(percentEncoded: true) { requestTarget += "?" + query }
        }
    }

    /// Header names the transport writes itself, lowercased: the request's own are dropped.
    private static let framingHeaders: Set<String> = ["content-length", "connection", "transfer-encoding", "expect", "keep-alive"]

    /// A request's method, URL and headers, read once and sent with any number of bodies.
    ///
    /// A provider sends every request to one URL with the same headers: it makes the head once
    /// and hands ``PlainHTTPTransport/send(_:body:)`` only each request's body.
    public struct RequestHead: Sendable {
        let target: Target
        let method: String
        /// The request line, `Host` and the request's own headers.
        let leading: [UInt8]
        /// The method usually has a body: `Content-Length` is written even without one.
        let alwaysLength: Bool

        /// The head of `request` (its body is not part of it); nil unless ``PlainHTTPTransport/handles(_:)`` it.
        public init?(_ request: URLRequest) {
            guard PlainHTTPTransport.handles(request), let url = request.url, let target = Target(url) else { return nil }
            self.init(method: request.httpMethod ?? "GET", target: target, headers: request.allHTTPHeaderFields ?? [:])
        }

        init(method: String, target: Target, headers: [String: String]) {
            self.target = target
            self.method = method
            var host = target.hostHeader
            var lines = ""
            for (name, value) in headers {
                let lowered = name.lowercased()
                if lowered == "host" {
                    host = PlainHTTPTransport.clean(value)
                } else if !PlainHTTPTransport.framingHeaders.contains(lowered) {
                    lines += "\(PlainHTTPTransport.clean(name)): \(PlainHTTPTransport.clean(value))\r\n"
                }
            }
            leading = Array("\(method) \(target.requestTarget) HTTP/1.1\r\nHost: \(host)\r\n\(lines)".utf8)
            alwaysLength = ["POST", "PUT", "PATCH"].contains(method)
        }

        /// The request line, `Host`, the request's headers, `Content-Length` when there is a body (or the method usually has one), `Connection: keep-alive`, and the body.
        func message(body: Data?) -> [UInt8] {
            let length = body != nil || alwaysLength ? "Content-Length: \(body?.count ?? 0)\r\n" : ""
            let connection = "Connection: keep-alive\r\n\r\n"
            var bytes: [UInt8] = []
            bytes.reserveCapacity(leading.count + length.utf8.count + connection.utf8.count + (body?.count ?? 0))
            bytes.append(contentsOf: leading)
            bytes.append(contentsOf: length.utf8)
            bytes.append(contentsOf: connection.utf8)
            if let body { bytes.append(contentsOf: body) }
            return bytes
        }
    }

    /// Text safe in a header line: CR and LF become spaces.
    private static func clean(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 13 || $0 == 10 }) else { return text }
        return String(text.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
    }
}
#endif
