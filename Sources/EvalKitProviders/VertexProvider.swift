import Foundation
import EvalKitSupport
import EvalKitTransport
import EvalKitSuite
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A Gemini model on Vertex AI (SPEC §10.2), a tuned model's endpoint or a publisher model, called
/// through REST `generateContent`.
///
/// Requests go to `{base_url}/projects/{project}/locations/{location}/endpoints/{endpoint}:generateContent`
/// or `…/publishers/google/models/{model}:generateContent`, with the body the `gemini` provider
/// sends and the OAuth access token in `Authorization: Bearer`. With `token_command`, a 401 runs
/// the program once more and sends the request again with the new token; a 401 after that is
/// fatal, so the target stops at once.
public struct VertexProvider: Provider {
    public let config: ProviderConfig.Vertex
    /// `{base_url}/{resource}:generateContent`.
    public let endpoint: URL
    /// `{base_url}/{resource}`: for an endpoint, the Endpoint resource `check --remote` reads.
    public let resourceURL: URL
    let tokens: TokenSource
    let client: HTTPClient
    private let secrets: [String]

    /// - Parameters:
    ///   - baseURL: `config.effectiveBaseURL` as a URL.
    ///   - trust: the CA certificates an https `base_url` is verified against; the system's when nil.
    ///   - secrets: values never to show in a message (every token seen is one too).
    public init(config: ProviderConfig.Vertex, baseURL: URL, token: TokenSource.Origin, maxConnections: Int = 64, trust: TLSTrust? = nil, secrets: [String] = []) {
        self.config = config
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        resourceURL = URL(string: "\(base)/\(config.resourceName)") ?? baseURL
        endpoint = URL(string: "\(base)/\(config.resourceName):generateContent") ?? baseURL
        tokens = TokenSource(origin: token)
        client = HTTPClient(maxConnections: maxConnections, trust: trust)
        self.secrets = secrets
    }

    public var executor: (any TaskExecutor)? { client.executor }

    public func complete(_ request: ModelRequest) async throws(ProviderError) -> ModelResponse {
        let response = try await send("POST", to: endpoint, body: GeminiProvider.body(for: request))
        guard (200..<300).contains(response.status) else { throw error(for: response) }
        return try GeminiProvider.answer(from: response.body, service: "Vertex AI", redact: redact)
    }

    /// Sends one request with the current token; after a 401, once more with a fresh token when
    /// `token_command` may run again. Returns whatever status came last.
    func send(_ method: String, to url: URL, body: Data?) async throws(ProviderError) -> HTTPClient.Response {
        var token = try await tokens.current()
        while true {
            var urlRequest = URLRequest(url: url)
            urlRequest.httpMethod = method
            if let body {
                urlRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
                urlRequest.httpBody = body
            }
            urlRequest.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            let response = try await client.send(urlRequest)
            guard response.status == 401, let fresh = try await tokens.refresh(replacing: token) else { return response }
            token = fresh
        }
    }

    /// Removes the target's secrets and every token seen from text.
    var redact: Redactor {
        Redactor(secrets + tokens.known)
    }

    /// What the resource is, for messages: `endpoint 123 (project p, location l)` or `publisher model m (location l)`.
    var resourceDescription: String {
        switch config.resource {
        case .endpoint(let id): "endpoint \(id) (project \(config.project), location \(config.location))"
        case .model(let model): "publisher model \(model) (project \(config.project), location \(config.location))"
        }
    }

    func error(for response: HTTPClient.Response) -> ProviderError {
        let status = response.status
        let redact = redact
        let parts = GeminiProvider.errorParts(of: response, redact: redact)
        let said = parts.said
        let resource = redact.line(resourceDescription)
        switch status {
        case 401:
            switch tokens.origin {
            case .environment(let variable, _):
                return ProviderError(.fatal, "Vertex AI rejected the access token in \(variable) (HTTP 401): tokens expire after an hour; print a new one with `gcloud auth print-access-token`, or set token_command\(said)", httpStatus: status)
            case .command(let command, _):
                return ProviderError(.fatal, "Vertex AI rejected the access token from token_command `\(redact.line(command.joined(separator: " ")))` (HTTP 401), also after running it again: check the account it speaks for (`gcloud auth list`)\(said)", httpStatus: status)
            }
        case 403:
            return ProviderError(.fatal, "Vertex AI denied access to \(resource) (HTTP 403): check that the account may call it (role Vertex AI User on project \(redact.line(config.project))) and that the Vertex AI API is enabled\(said)", httpStatus: status)
        case 404:
            let fix: String
            switch config.resource {
            case .endpoint: fix = "check endpoint, project and location (`gcloud ai endpoints list --region=\(redact.line(config.location))`)"
            case .model: fix = "check the model name and location; the model may have been retired"
            }
            return ProviderError(.fatal, "\(resource) was not found (HTTP 404): \(fix)\(said)", httpStatus: status)
        default:
            return ProviderError(ProviderError.kind(forStatus: status), "Vertex AI HTTP \(status)\(parts.statusWord.map { " \($0)" } ?? "")\(said)", retryAfter: parts.retryAfter, httpStatus: status)
        }
    }
}
