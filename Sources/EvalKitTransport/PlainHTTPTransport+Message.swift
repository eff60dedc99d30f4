#if os(Linux)
import Foundation

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

    /// The request line, `Host`, the request's headers, `Content-Length` when there is a body (or the method usually has one), `Connection: keep-alive`, and the body.
    static func message(method: String, target: Target, headers: [String: String], body: Data?) -> [UInt8] {
        var head = "\(method) \(target.requestTarget) HTTP/1.1\r\n"
        var host = target.hostHeader
        var lines = ""
        for (name, value) in headers {
            let lowered = name.lowercased()
            if lowered == "host" {
                host = clean(value)
            } else if !framingHeaders.contains(lowered) {
                lines += "\(clean(name)): \(clean(value))\r\n"
            }
        }
        head += "Host: \(host)\r\n" + lines
        if body != nil || ["POST", "PUT", "PATCH"].contains(method) {
            head += "Content-Length: \(body?.count ?? 0)\r\n"
        }
        head += "Connection: keep-alive\r\n\r\n"
        var bytes: [UInt8] = []
        bytes.reserveCapacity(head.utf8.count + (body?.count ?? 0))
        bytes.append(contentsOf: head.utf8)
        if let body { bytes.append(contentsOf: body) }
        return bytes
    }

    /// Text safe in a header line: CR and LF become spaces.
    private static func clean(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 13 || $0 == 10 }) else { return text }
        return String(text.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
    }
}
#endif
