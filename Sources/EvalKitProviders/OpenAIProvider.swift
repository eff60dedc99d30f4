import Foundation
import EvalKitSupport
import EvalKitResults
import EvalKitTransport
import EvalKitSuite
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A model behind an OpenAI-compatible server (vLLM, Ollama, llama.cpp, TGI, LM Studio, LiteLLM, OpenAI itself).
///
/// `api: chat` posts `{base_url}/chat/completions` with a system message (when there is one) and
/// the prompt as the user message; `api: completions` posts `{base_url}/completions` with the
/// system text, a blank line and the prompt. Settings become `temperature`, `top_p`, `max_tokens`,
/// `stop`, `seed`, and `top_k` (the vLLM and llama.cpp extension), each only when set. The key,
/// when there is one, goes as `Authorization: Bearer`. A `refusal` or a `content_filter` finish
/// sets `blockReason`; `length` sets `truncated`.
public struct OpenAIProvider: Provider {
    public let model: String
    public let api: ProviderConfig.OpenAI.API
    /// `{base_url}/chat/completions` or `{base_url}/completions`.
    public let endpoint: URL
    let apiKey: String?
    let keyVariable: String?
    let client: HTTPClient
    /// The method, URL and headers every completion is sent with.
    let prepared: HTTPClient.Prepared
    let redact: Redactor
    /// The roots https servers are verified against, for the batch client's own connections.
    let trust: TLSTrust?

    /// - Parameters:
    ///   - apiKey: sent as `Authorization: Bearer` when not nil.
    ///   - keyVariable: the environment variable the key came from, named in authentication errors.
    ///   - secrets: more values never to show in a message (the key is always one).
    public init(model: String, baseURL: URL, api: ProviderConfig.OpenAI.API = .chat, apiKey: String? = nil, keyVariable: String? = nil, maxConnections: Int = 64, trust: TLSTrust? = nil, secrets: [String] = []) {
        self.model = model
        self.api = api
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        endpoint = URL(string: base + (api == .chat ? "/chat/completions" : "/completions")) ?? baseURL
        self.apiKey = apiKey
        self.keyVariable = keyVariable
        client = HTTPClient(maxConnections: maxConnections, trust: trust)
        var urlRequest = URLRequest(url: endpoint)
        urlRequest.httpMethod = "POST"
        urlRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let apiKey { urlRequest.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        prepared = HTTPClient.Prepared(urlRequest)
        self.trust = trust
        redact = Redactor((apiKey.map { [$0] } ?? []) + secrets)
    }

    public var executor: (any TaskExecutor)? { client.executor }
    public var honoursDeadlineSignal: Bool { true }

    public func complete(_ request: ModelRequest) async throws(ProviderError) -> ModelResponse {
        let response = try await client.send(prepared, body: body(for: request))
        guard (200..<300).contains(response.status) else { throw error(for: response) }
        return try answer(from: response.body)
    }

    func body(for request: ModelRequest) -> Data {
        let settings = request.settings
        var wire = Wire.Request(
            model: model, temperature: settings.temperature, topP: settings.topP, topK: settings.topK,
            maxTokens: settings.maxTokens, stop: settings.stop, seed: settings.seed)
        let system = request.system.flatMap { $0.isEmpty ? nil : $0 }
        switch api {
        case .chat:
            wire.messages = (system.map { [Wire.Message(role: "system", content: $0)] } ?? []) + [Wire.Message(role: "user", content: request.prompt)]
        case .completions:
            wire.prompt = system.map { "\($0)\n\n\(request.prompt)" } ?? request.prompt
        }
        // Sorted keys: the same request is always the same bytes (a batch's request set is hashed).
        if let bytes = wire.compactJSON() { return Data(bytes) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(wire)) ?? Data()
    }

    private func answer(from body: Data) throws(ProviderError) -> ModelResponse {
        let wire: Wire.Response
        do {
            wire = try Wire.Response(bytes: body) ?? Wire.Response(plain: body) ?? JSONDecoder().decode(Wire.Response.self, from: body)
        } catch {
            throw ProviderError.undecodable(error, from: serverName, body: body)
        }
        return try answer(wire)
    }

    /// The answer in a decoded completion, which a batch output line's `response.body` holds too.
    func answer(_ wire: Wire.Response) throws(ProviderError) -> ModelResponse {
        guard let choice = wire.choices?.first else {
            throw ProviderError(.permanent, "\(serverName) sent no choices")
        }
        let usage = wire.usage.map { TokenUsage(promptTokens: $0.promptTokens ?? 0, completionTokens: $0.completionTokens ?? 0) }
        let finish = choice.finishReason
        var blockReason: String?
        if let refusal = choice.message?.refusal, !refusal.isEmpty {
            blockReason = "refused: \(redact.line(refusal))"
        } else if finish == "content_filter" {
            blockReason = "response blocked: content_filter"
        }
        let text = try self.text(of: choice, blocked: blockReason != nil)
        return ModelResponse(text: text, finishReason: finish, truncated: finish == "length", blockReason: blockReason, usage: usage, modelVersion: wire.modelVersion.map { redact.line($0) })
    }

    /// The answer's text: `message.content` for chat, `text` for completions. A choice without it
    /// is an error saying what came instead, unless the answer was refused or filtered (then it is empty).
    private func text(of choice: Wire.Response.Choice, blocked: Bool) throws(ProviderError) -> String {
        let finish = choice.finishReason.map { ", finish_reason \(redact.line($0))" } ?? ""
        switch api {
        case .chat:
            if let content = choice.message?.content { return content.text }
            if blocked { return "" }
            guard choice.message != nil else {
                let hint = choice.text != nil ? ": it holds `text`, as the completions API answers; set `api: completions` on the target" : ""
                throw ProviderError(.permanent, "\(serverName) sent a choice without a message\(hint)")
            }
            throw ProviderError(.permanent, "\(serverName) sent no answer text (message.content is null or missing\(finish))")
        case .completions:
            if let text = choice.text { return text }
            if blocked { return "" }
            let hint = choice.message != nil ? ": it holds a chat `message`; set `api: chat` on the target" : ""
            throw ProviderError(.permanent, "\(serverName) sent no answer text (choices[0].text is missing\(finish))\(hint)")
        }
    }

    var serverName: String {
        "the OpenAI-compatible server at \(redact.line(HTTPClient.place(of: endpoint)))"
    }

    func error(for response: HTTPClient.Response) -> ProviderError {
        let status = response.status
        let envelope = try? JSONDecoder().decode(Wire.ErrorEnvelope.self, from: response.body)
        let serverText = envelope?.error.message ?? ProviderError.serverMessage(in: response.body)
        let said = serverText.map { ": \(redact.line($0))" } ?? ""
        let retryAfter = ProviderError.retryAfter(header: response.header("Retry-After"))
        if envelope?.error.code == "insufficient_quota" || envelope?.error.type == "insufficient_quota" {
            return ProviderError(.permanent, "quota exhausted (insufficient_quota): check the plan and billing of the key (HTTP \(status))\(said)", httpStatus: status)
        }
        switch status {
        case 401:
            let fix = keyVariable.map { "check the key in \($0)" } ?? "no api_key_env is set, so no key was sent; set api_key_env"
            return ProviderError(.fatal, "\(serverName) rejected the key (HTTP 401): \(fix)\(said)", httpStatus: status)
        case 403:
            let fix = keyVariable.map { "check that the key in \($0) may use model \(redact.line(model))" } ?? "no api_key_env is set, so no key was sent; set api_key_env"
            return ProviderError(.fatal, "\(serverName) denied access (HTTP 403): \(fix)\(said)", httpStatus: status)
        case 404:
            return ProviderError(.fatal, "model \(redact.line(model)) was not found at \(redact.line(endpoint.absoluteString)) (HTTP 404): check the target's model and base_url\(said)", httpStatus: status)
        default:
            return ProviderError(ProviderError.kind(forStatus: status), "HTTP \(status) from \(serverName)\(said)", retryAfter: retryAfter, httpStatus: status)
        }
    }
}
