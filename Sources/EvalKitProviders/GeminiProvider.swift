import Foundation
import EvalKitSupport
import EvalKitResults
import EvalKitTransport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A Gemini API model (`models/...` or `tunedModels/...`) called through REST `generateContent`.
///
/// The key goes in the `x-goog-api-key` header, never in the URL. Generation settings map onto
/// `generationConfig` (`temperature`, `topP`, `topK`, `maxOutputTokens`, `stopSequences`, `seed`),
/// the system text onto `systemInstruction`. The answer is the first candidate's text parts joined
/// (thought parts skipped); a prompt blocked by `promptFeedback.blockReason`, or a candidate
/// stopped by a safety finish reason, comes back with `blockReason` set; `MAX_TOKENS` sets `truncated`.
public struct GeminiProvider: Provider {
    public static let defaultBaseURL = "https://generativelanguage.googleapis.com/v1beta"

    /// Finish reasons meaning a filter, not the model, ended the answer.
    static let blockingFinishReasons: Set<String> = ["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY"]

    /// The model's resource name: `models/...` or `tunedModels/...`.
    public let model: String
    /// `{base_url}/{model}:generateContent`.
    public let endpoint: URL
    let apiKey: String
    let keyVariable: String
    let client: HTTPClient
    /// The method, URL and headers every `generateContent` is sent with.
    let prepared: HTTPClient.Prepared
    let redact: Redactor
    /// The roots https servers are verified against, for the batch client's own connections.
    let trust: TLSTrust?

    /// - Parameters:
    ///   - model: `models/NAME`, `tunedModels/NAME`, or a bare name, which is taken as `models/NAME`.
    ///   - keyVariable: the environment variable the key came from, named in authentication errors.
    ///   - secrets: more values never to show in a message (the key is always one).
    public init(model: String, apiKey: String, keyVariable: String = "GEMINI_API_KEY", baseURL: URL, maxConnections: Int = 64, trust: TLSTrust? = nil, secrets: [String] = []) {
        self.model = Self.resourceName(model)
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        endpoint = URL(string: "\(base)/\(self.model):generateContent") ?? baseURL
        self.apiKey = apiKey
        self.keyVariable = keyVariable
        client = HTTPClient(maxConnections: maxConnections, trust: trust)
        var urlRequest = URLRequest(url: endpoint)
        urlRequest.httpMethod = "POST"
        urlRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
        urlRequest.setValue(apiKey, forHTTPHeaderField: "x-goog-api-key")
        prepared = HTTPClient.Prepared(urlRequest)
        self.trust = trust
        redact = Redactor([apiKey] + secrets)
    }

    /// `models/NAME` for a bare name; `models/...` and `tunedModels/...` as they are.
    public static func resourceName(_ model: String) -> String {
        model.hasPrefix("models/") || model.hasPrefix("tunedModels/") ? model : "models/\(model)"
    }

    public var executor: (any TaskExecutor)? { client.executor }
    public var honoursDeadlineSignal: Bool { true }

    public func complete(_ request: ModelRequest) async throws(ProviderError) -> ModelResponse {
        let response = try await client.send(prepared, body: Self.body(for: request))
        guard (200..<300).contains(response.status) else { throw error(for: response) }
        return try Self.answer(from: response.body, service: "Gemini", redact: redact)
    }

    /// The JSON body of `generateContent`, which the `vertex` provider sends too.
    static func body(for request: ModelRequest) -> Data {
        let system = request.system.flatMap { $0.isEmpty ? nil : Wire.Content(role: nil, parts: [Wire.Part(text: $0)]) }
        let wire = Wire.Request(
            contents: [Wire.Content(role: "user", parts: [Wire.Part(text: request.prompt)])],
            systemInstruction: system,
            generationConfig: Wire.GenerationConfig(request.settings))
        // Sorted keys: the same request is always the same bytes (the response cache hashes them).
        if let bytes = wire.compactJSON() { return Data(bytes) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(wire)) ?? Data()
    }

    /// The answer in a `generateContent` response body; `service` names the server in errors.
    static func answer(from body: Data, service: String, redact: Redactor) throws(ProviderError) -> ModelResponse {
        let wire: Wire.Response
        do {
            wire = try JSONDecoder().decode(Wire.Response.self, from: body)
        } catch {
            throw ProviderError.undecodable(error, from: service, body: body)
        }
        return try answer(wire, service: service, redact: redact)
    }

    /// The answer in a decoded `generateContent` response, which a batch result line holds too.
    static func answer(_ wire: Wire.Response, service: String, redact: Redactor) throws(ProviderError) -> ModelResponse {
        let usage = wire.usageMetadata.map {
            TokenUsage(promptTokens: $0.promptTokenCount ?? 0, completionTokens: $0.candidatesTokenCount ?? 0)
        }
        let version = wire.modelVersion.flatMap { $0.isEmpty ? nil : redact.line($0) }
        guard let candidate = wire.candidates?.first else {
            if let reason = wire.promptFeedback?.blockReason {
                return ModelResponse(text: "", blockReason: "prompt blocked: \(reason)", usage: usage, modelVersion: version)
            }
            throw ProviderError(.permanent, "\(service) sent no candidates and no block reason")
        }
        let text = (candidate.content?.parts ?? []).filter { $0.thought != true }.compactMap(\.text).joined()
        let finish = candidate.finishReason
        let blocked = finish.flatMap { Self.blockingFinishReasons.contains($0) ? "response blocked: \($0)" : nil }
        return ModelResponse(text: text, finishReason: finish, truncated: finish == "MAX_TOKENS", blockReason: blocked, usage: usage, modelVersion: version)
    }

    /// What a Google error body says: the server's message (redacted, as `": …"`), the delay it
    /// asks for, a daily quota that ran out, whether the API key was rejected, and the status word.
    struct ErrorParts {
        var said: String
        var retryAfter: Double?
        var dailyQuota: String?
        var keyRejected: Bool
        var statusWord: String?
    }

    static func errorParts(of response: HTTPClient.Response, redact: Redactor) -> ErrorParts {
        let envelope = (try? JSONDecoder().decode(Wire.ErrorEnvelope.self, from: response.body))
            ?? (try? JSONDecoder().decode([Wire.ErrorEnvelope].self, from: response.body))?.first
        let details = envelope?.error.details ?? []
        let serverText = envelope?.error.message ?? ProviderError.serverMessage(in: response.body)
        let retryDelay = details.lazy.compactMap { ProviderError.seconds(fromDuration: $0.retryDelay) }.first
        return ErrorParts(
            said: serverText.map { ": \(redact.line($0))" } ?? "",
            retryAfter: retryDelay ?? ProviderError.retryAfter(header: response.header("Retry-After")),
            dailyQuota: details.lazy.flatMap { $0.violations ?? [] }.compactMap(\.quotaId).first { $0.contains("PerDay") },
            keyRejected: details.contains { $0.reason == "API_KEY_INVALID" },
            statusWord: envelope?.error.status.map { redact.line($0) })
    }

    func error(for response: HTTPClient.Response) -> ProviderError {
        let status = response.status
        let parts = Self.errorParts(of: response, redact: redact)
        let said = parts.said
        if status == 401 || (status == 400 && parts.keyRejected) {
            return ProviderError(.fatal, "Gemini rejected the API key (HTTP \(status)): check the key in \(keyVariable)\(said)", httpStatus: status)
        }
        switch status {
        case 429 where parts.dailyQuota != nil:
            return ProviderError(.permanent, "Gemini daily quota exhausted (\(redact.line(parts.dailyQuota ?? ""))); retry tomorrow or raise the quota (HTTP 429)\(said)", httpStatus: status)
        case 403:
            return ProviderError(.fatal, "Gemini denied access to \(redact.line(model)) (HTTP 403): check that the key in \(keyVariable) may use this model\(said)", httpStatus: status)
        case 404:
            return ProviderError(.fatal, "model \(redact.line(model)) does not exist or was retired (tuned Gemini 1.5 models were) (HTTP 404)\(said)", httpStatus: status)
        default:
            return ProviderError(ProviderError.kind(forStatus: status), "Gemini HTTP \(status)\(parts.statusWord.map { " \($0)" } ?? "")\(said)", retryAfter: parts.retryAfter, httpStatus: status)
        }
    }
}
