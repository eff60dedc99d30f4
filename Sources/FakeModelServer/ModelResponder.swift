import Foundation

/// Answers one model request the way Gemini or an OpenAI-compatible server would, with a behaviour chosen by model name.
///
/// Model names (after any `models/` or `tunedModels/` prefix): `missing*` answers 404; `echo*`
/// returns the prompt; `scripted*` answers from the script; `blocked*` blocks the prompt (Gemini
/// `promptFeedback.blockReason: SAFETY`, an OpenAI `refusal`); `truncate*` answers half of the
/// right answer, cut by the token limit (`MAX_TOKENS` / `length`); `base`, `base-*` and `*-base`
/// are a weaker model (right for plain digits, ungrouped digits for everything else); any other
/// name is the correct next-number model.
struct ModelResponder: Sendable {
    /// An HTTP answer: status, extra headers and body.
    struct Reply: Sendable {
        var status: Int
        var headers: [(String, String)] = []
        var body: Data

        init(status: Int, headers: [(String, String)] = [], body: String) {
            self.status = status
            self.headers = headers
            self.body = Data(body.utf8)
        }

        init(status: Int, headers: [(String, String)] = [], bytes: Data) {
            self.status = status
            self.headers = headers
            self.body = bytes
        }
    }

    enum Behaviour: Equatable {
        case nextNumber, base, echo, scripted, blocked, truncate, missing

        init(model: String) {
            let name = model.lowercased()
            if name.hasPrefix("missing") {
                self = .missing
            } else if name.hasPrefix("echo") {
                self = .echo
            } else if name.hasPrefix("scripted") {
                self = .scripted
            } else if name.hasPrefix("blocked") {
                self = .blocked
            } else if name.hasPrefix("truncate") {
                self = .truncate
            } else if name == "base" || name.hasPrefix("base-") || name.hasSuffix("-base") {
                self = .base
            } else {
                self = .nextNumber
            }
        }
    }

    /// Which wire protocol a request path speaks.
    enum Route: Equatable {
        /// `…/models/{m}:generateContent` or `…/tunedModels/{m}:generateContent`; `model` is the bare name.
        case gemini(model: String)
        case chat
        case completions
        case listModels
        /// `GET …/models/{m}` (Gemini or OpenAI) or `GET …/tunedModels/{m}` (Gemini).
        case getModel(name: String, tuned: Bool)
        /// `…/projects/{p}/locations/{l}/endpoints/{e}` or `…/publishers/{pub}/models/{m}`, with
        /// `:generateContent` or (for an endpoint) read with `GET`.
        case vertex(VertexResource, generate: Bool)
        case unknown

        init(method: String, path: String) {
            if let resource = VertexResource(path: path) {
                self = .vertex(resource, generate: path.hasSuffix(":generateContent"))
            } else if path.hasSuffix(":generateContent") {
                let resource = path.dropLast(":generateContent".count)
                if let range = resource.range(of: "/tunedModels/", options: .backwards) ?? resource.range(of: "/models/", options: .backwards) {
                    self = .gemini(model: String(resource[range.upperBound...]))
                    return
                }
                self = .unknown
            } else if path.hasSuffix("/chat/completions") {
                self = .chat
            } else if path.hasSuffix("/completions") {
                self = .completions
            } else if path.hasSuffix("/models"), method == "GET" {
                self = .listModels
            } else if method == "GET", let range = path.range(of: "/tunedModels/", options: .backwards) ?? path.range(of: "/models/", options: .backwards),
                      !path[range.upperBound...].isEmpty, !path[range.upperBound...].contains("/") {
                self = .getModel(name: String(path[range.upperBound...]), tuned: path[range].contains("tuned"))
            } else {
                self = .unknown
            }
        }
    }

    var requiredKey: String?
    /// The bearer token the Vertex routes require; `requiredKey` when nil.
    var requiredToken: String?
    /// Sent as Gemini's and Vertex's `modelVersion` and as OpenAI's `system_fingerprint`.
    var modelVersion: String?
    var script: [String: String]

    func reply(to request: FakeModelServer.RecordedRequest) -> Reply {
        let route = Route(method: request.method, path: request.path)
        switch route {
        case .unknown:
            return Reply(status: 404, body: #"{"error": {"code": 404, "message": "no such endpoint", "status": "NOT_FOUND"}}"#)
        case .listModels:
            return Reply(status: 200, body: #"{"object": "list", "data": [{"id": "next-number", "object": "model", "owned_by": "fake-model"}, {"id": "base", "object": "model", "owned_by": "fake-model"}]}"#)
        case .gemini(let model):
            return gemini(request, model: model)
        case .getModel(let name, let tuned):
            return getModel(request, name: name, tuned: tuned)
        case .vertex(let resource, let generate):
            return vertex(request, resource: resource, generate: generate)
        case .chat, .completions:
            return openAI(request, chat: route == .chat)
        }
    }

    // MARK: Gemini

    private func gemini(_ request: FakeModelServer.RecordedRequest, model: String) -> Reply {
        guard request.method == "POST" else { return geminiError(405, "METHOD_NOT_ALLOWED", "use POST") }
        if let requiredKey, request.header("x-goog-api-key") != requiredKey {
            return geminiError(401, "UNAUTHENTICATED", "API key not valid. Please pass a valid API key.")
        }
        let behaviour = Behaviour(model: model)
        if behaviour == .missing {
            return geminiError(404, "NOT_FOUND", "models/\(model) is not found for API version v1beta, or is not supported for generateContent.")
        }
        return generateContent(request, behaviour: behaviour, version: modelVersion ?? model)
    }

    /// A `generateContent` answer in Gemini's shape (Vertex AI's too), with `modelVersion`.
    func generateContent(_ request: FakeModelServer.RecordedRequest, behaviour: Behaviour, version: String, extra: String = "") -> Reply {
        guard let json = request.jsonBody, let contents = json["contents"] as? [[String: Any]] else {
            return geminiError(400, "INVALID_ARGUMENT", "Invalid JSON payload received.")
        }
        let turn = contents.last { ($0["role"] as? String ?? "user") == "user" }
        let prompt = ((turn?["parts"] as? [[String: Any]]) ?? []).compactMap { $0["text"] as? String }.joined()
        let config = json["generationConfig"] as? [String: Any] ?? [:]
        let promptTokens = Self.tokens(prompt)
        if behaviour == .blocked {
            return Reply(status: 200, body: """
                {"promptFeedback": {"blockReason": "SAFETY", "safetyRatings": [{"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH"}]}, \
                "usageMetadata": {"promptTokenCount": \(promptTokens), "totalTokenCount": \(promptTokens)}, "modelVersion": \(Self.json(version))\(extra)}
                """)
        }
        var (answer, truncated) = self.answer(behaviour, prompt: prompt)
        answer = Self.cut(answer, at: config["stopSequences"] as? [String] ?? [])
        let answerTokens = Self.tokens(answer)
        return Reply(status: 200, body: """
            {"candidates": [{"content": {"role": "model", "parts": [{"text": \(Self.json(answer))}]}, \
            "finishReason": "\(truncated ? "MAX_TOKENS" : "STOP")", "index": 0}], \
            "usageMetadata": {"promptTokenCount": \(promptTokens), "candidatesTokenCount": \(answerTokens), \
            "totalTokenCount": \(promptTokens + answerTokens)}, "modelVersion": \(Self.json(version))\(extra)}
            """)
    }

    func geminiError(_ code: Int, _ status: String, _ message: String) -> Reply {
        Reply(status: code, body: #"{"error": {"code": \#(code), "message": \#(Self.json(message)), "status": "\#(status)"}}"#)
    }

    // MARK: OpenAI

    private func openAI(_ request: FakeModelServer.RecordedRequest, chat: Bool) -> Reply {
        guard request.method == "POST" else { return openAIError(405, "invalid_request_error", nil, "use POST") }
        if let requiredKey, request.header("Authorization") != "Bearer \(requiredKey)" {
            return openAIError(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided.")
        }
        guard let json = request.jsonBody, let model = json["model"] as? String else {
            return openAIError(400, "invalid_request_error", nil, "the body must be a JSON object with a model")
        }
        let behaviour = Behaviour(model: model)
        if behaviour == .missing {
            return openAIError(404, "invalid_request_error", "model_not_found", "The model `\(model)` does not exist or you do not have access to it.")
        }
        let prompt: String
        if chat {
            let messages = json["messages"] as? [[String: Any]] ?? []
            let turn = messages.last { $0["role"] as? String == "user" }
            if let text = turn?["content"] as? String {
                prompt = text
            } else {
                prompt = ((turn?["content"] as? [[String: Any]]) ?? []).compactMap { $0["text"] as? String }.joined()
            }
        } else {
            prompt = json["prompt"] as? String ?? (json["prompt"] as? [String])?.first ?? ""
        }
        let stop = json["stop"] as? [String] ?? (json["stop"] as? String).map { [$0] } ?? []
        let promptTokens = Self.tokens(prompt)
        var (answer, truncated) = self.answer(behaviour, prompt: prompt)
        answer = Self.cut(answer, at: stop)
        var answerTokens = Self.tokens(answer)
        let finish: String
        let choice: String
        if behaviour == .blocked {
            answerTokens = 0
            finish = chat ? "stop" : "content_filter"
            choice = chat
                ? #""message": {"role": "assistant", "content": null, "refusal": "I'm sorry, but I can't help with that."}"#
                : #""text": """#
        } else {
            finish = truncated ? "length" : "stop"
            choice = chat
                ? #""message": {"role": "assistant", "content": \#(Self.json(answer)), "refusal": null}"#
                : #""text": \#(Self.json(answer))"#
        }
        return Reply(status: 200, body: """
            {"id": "\(chat ? "chatcmpl" : "cmpl")-fake", "object": "\(chat ? "chat.completion" : "text_completion")", \
            "created": 0, "model": \(Self.json(model)), \(modelVersion.map { "\"system_fingerprint\": \(Self.json($0)), " } ?? "")"choices": [{"index": 0, \(choice), "logprobs": null, \
            "finish_reason": "\(finish)"}], "usage": {"prompt_tokens": \(promptTokens), \
            "completion_tokens": \(answerTokens), "total_tokens": \(promptTokens + answerTokens)}}
            """)
    }

    private func openAIError(_ status: Int, _ type: String, _ code: String?, _ message: String) -> Reply {
        let code = code.map { "\"\($0)\"" } ?? "null"
        return Reply(status: status, body: #"{"error": {"message": \#(Self.json(message)), "type": "\#(type)", "param": null, "code": \#(code)}}"#)
    }

    // MARK: Answers

    private func answer(_ behaviour: Behaviour, prompt: String) -> (String, truncated: Bool) {
        switch behaviour {
        case .nextNumber, .missing, .blocked:
            return (NextNumber.answer(to: prompt) ?? "", false)
        case .base:
            return (NextNumber.baseAnswer(to: prompt) ?? "", false)
        case .echo:
            return (prompt, false)
        case .scripted:
            let answer = script[prompt] ?? script[prompt.trimmingCharacters(in: .whitespacesAndNewlines)]
                ?? script[NextNumber.lastLine(of: prompt)] ?? ""
            return (answer, false)
        case .truncate:
            let full = NextNumber.answer(to: prompt) ?? prompt
            return (String(full.prefix(max(1, (full.count + 1) / 2))), true)
        }
    }

    /// The answer up to the first stop sequence it contains.
    static func cut(_ answer: String, at stops: [String]) -> String {
        var answer = answer
        for stop in stops where !stop.isEmpty {
            if let range = answer.range(of: stop) { answer = String(answer[..<range.lowerBound]) }
        }
        return answer
    }

    /// A rough token count: words separated by whitespace.
    static func tokens(_ text: String) -> Int {
        text.split(whereSeparator: \.isWhitespace).count
    }

    /// `text` as a JSON string literal, quotes included.
    static func json(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
