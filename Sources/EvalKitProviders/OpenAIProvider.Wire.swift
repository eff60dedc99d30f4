extension OpenAIProvider {
    /// The JSON of OpenAI's chat completions and completions APIs, as OpenAI-compatible servers speak it.
    enum Wire {
        struct Message: Encodable {
            var role: String
            var content: String
        }

        /// The body of both APIs: `messages` for chat, `prompt` for completions.
        struct Request: Encodable {
            var model: String
            var messages: [Message]?
            var prompt: String?
            var temperature: Double?
            var topP: Double?
            var topK: Int?
            var maxTokens: Int?
            var stop: [String]?
            var seed: Int?

            enum CodingKeys: String, CodingKey {
                case model, messages, prompt, temperature, topP = "top_p", topK = "top_k", maxTokens = "max_tokens", stop, seed
            }
        }

        struct Response: Decodable {
            struct Choice: Decodable {
                struct Message: Decodable {
                    var content: Content?
                    var refusal: String?
                }

                var message: Message?
                var text: String?
                var finishReason: String?

                enum CodingKeys: String, CodingKey {
                    case message, text, finishReason = "finish_reason"
                }
            }

            struct Usage: Decodable {
                var promptTokens: Int?
                var completionTokens: Int?

                enum CodingKeys: String, CodingKey {
                    case promptTokens = "prompt_tokens", completionTokens = "completion_tokens"
                }
            }

            var choices: [Choice]?
            var usage: Usage?
            /// The model that answered, as the server names it.
            var model: String?
            var systemFingerprint: String?

            enum CodingKeys: String, CodingKey {
                case choices, usage, model, systemFingerprint = "system_fingerprint"
            }

            /// `model`, with `system_fingerprint` as `"MODEL (FINGERPRINT)"` when there is one (SPEC §10.3).
            var modelVersion: String? {
                guard let model, !model.isEmpty else { return nil }
                guard let fingerprint = systemFingerprint, !fingerprint.isEmpty else { return model }
                return "\(model) (\(fingerprint))"
            }
        }

        /// Message content: a string, or a list of parts whose `text` fields are joined.
        struct Content: Decodable {
            var text: String

            private struct Part: Decodable {
                var text: String?
            }

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) {
                    self.text = text
                } else {
                    text = try container.decode([Part].self).compactMap(\.text).joined()
                }
            }
        }

        /// `{"error": {"message", "type", "code"}}`, where `code` may be a string or a number.
        struct ErrorEnvelope: Decodable {
            struct Body: Decodable {
                var message: String?
                var type: String?
                var code: String?

                enum CodingKeys: String, CodingKey {
                    case message, type, code
                }

                init(from decoder: any Decoder) throws {
                    let container = try decoder.container(keyedBy: CodingKeys.self)
                    message = try? container.decodeIfPresent(String.self, forKey: .message)
                    type = try? container.decodeIfPresent(String.self, forKey: .type)
                    code = (try? container.decodeIfPresent(String.self, forKey: .code))
                        ?? (try? container.decodeIfPresent(Int.self, forKey: .code)).flatMap { $0.map(String.init) }
                }
            }

            var error: Body
        }
    }
}
