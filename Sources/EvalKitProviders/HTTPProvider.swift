import Foundation
import EvalKitSupport
import EvalKitTransport
import EvalKitSuite
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Any JSON endpoint: a body template filled with the prompt, and a JSON Pointer to the answer in the response.
///
/// `{{prompt}}` and `{{system}}` in the body are replaced, in one pass, by the text escaped for use
/// inside a JSON string (an absent system is empty). Headers are sent as given, with
/// `Content-Type: application/json` unless one is set. The answer is the value at `output`: a
/// string as it is; a number, boolean, object or array as its compact JSON text (keys sorted);
/// `null` or no value at all is an error of the response's shape.
public struct HTTPProvider: Provider {
    public let url: URL
    public let method: String
    public let headers: [ProviderConfig.HTTP.Header]
    public let bodyTemplate: String
    public let output: JSONPointer
    private let client: HTTPClient
    /// The method, URL and headers every request is sent with.
    private let prepared: HTTPClient.Prepared
    private let redact: Redactor

    /// - Parameter secrets: values never to show in a message: keys in the headers or the URL.
    public init(url: URL, method: String = "POST", headers: [ProviderConfig.HTTP.Header] = [], body: String, output: JSONPointer, maxConnections: Int = 64, trust: TLSTrust? = nil, secrets: [String] = []) {
        self.url = url
        self.method = method.uppercased()
        self.headers = headers
        bodyTemplate = body
        self.output = output
        client = HTTPClient(maxConnections: maxConnections, trust: trust)
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = self.method
        for header in headers { urlRequest.addValue(header.value, forHTTPHeaderField: header.name) }
        if !headers.contains(where: { $0.name.caseInsensitiveCompare("Content-Type") == .orderedSame }) {
            urlRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        prepared = HTTPClient.Prepared(urlRequest)
        redact = Redactor(secrets)
    }

    public var executor: (any TaskExecutor)? { client.executor }
    public var honoursDeadlineSignal: Bool { true }

    public func complete(_ request: ModelRequest) async throws(ProviderError) -> ModelResponse {
        let body = bodyTemplate.isEmpty ? nil : Data(Self.render(bodyTemplate, prompt: request.prompt, system: request.system).utf8)
        let response = try await client.send(prepared, body: body)
        guard (200..<300).contains(response.status) else { throw error(for: response) }
        return try answer(from: response.body)
    }

    /// The template with `{{prompt}}` and `{{system}}` replaced by JSON-string-escaped text, in one pass.
    public static func render(_ template: String, prompt: String, system: String?) -> String {
        var out = ""
        var rest = template[...]
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            if after.hasPrefix("prompt}}") {
                out += jsonEscaped(prompt)
                rest = after.dropFirst("prompt}}".count)
            } else if after.hasPrefix("system}}") {
                out += jsonEscaped(system ?? "")
                rest = after.dropFirst("system}}".count)
            } else {
                out += "{{"
                rest = after
            }
        }
        return out + rest
    }

    /// Text escaped for use between the quotes of a JSON string.
    public static func jsonEscaped(_ text: String) -> String {
        JSONString.escaped(text)
    }

    private var place: String { redact.line(HTTPClient.place(of: url)) }

    /// The text at `output`: a string as it is, a number exactly as the server wrote it (`1.0`
    /// stays `1.0`), `true`/`false`, and an array or object as compact JSON with sorted keys.
    private func answer(from body: Data) throws(ProviderError) -> ModelResponse {
        guard let text = String(validating: body, as: UTF8.self) else {
            throw ProviderError(.permanent, "\(place) sent a body that is not valid UTF-8 (\(body.count) bytes)")
        }
        let document: JSONNode
        do {
            document = try JSONNode.parse(text)
        } catch {
            throw ProviderError(.permanent, "\(place) sent malformed JSON (\(body.count) bytes): \(error.message) at \(error.mark.line):\(error.mark.column)")
        }
        guard let value = output.resolve(in: document) else {
            throw ProviderError(.permanent, "the response of \(place) has no value at output \(output)")
        }
        switch value.kind {
        case .string(let text): return ModelResponse(text: text)
        case .null: throw ProviderError(.permanent, "the response of \(place) has null at output \(output)")
        default: return ModelResponse(text: value.sortedJSON)
        }
    }

    private func error(for response: HTTPClient.Response) -> ProviderError {
        let status = response.status
        let said = ProviderError.serverMessage(in: response.body).map { ": \(redact.line($0))" } ?? ""
        switch status {
        case 401:
            return ProviderError(.fatal, "\(place) rejected the request's credentials (HTTP 401): check the target's headers\(said)", httpStatus: status)
        case 403:
            return ProviderError(.fatal, "\(place) denied access (HTTP 403): check the target's headers\(said)", httpStatus: status)
        case 404:
            return ProviderError(.fatal, "\(redact.line(url.absoluteString.components(separatedBy: "?")[0])) was not found (HTTP 404): check the target's url\(said)", httpStatus: status)
        default:
            let retryAfter = ProviderError.retryAfter(header: response.header("Retry-After"))
            return ProviderError(ProviderError.kind(forStatus: status), "HTTP \(status) from \(place)\(said)", retryAfter: retryAfter, httpStatus: status)
        }
    }
}
