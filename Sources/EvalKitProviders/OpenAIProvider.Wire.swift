import EvalKitMatchers
import Foundation

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

                    init?(plain value: JSONValue) {
                        guard case .object(let members) = value, let object = Response.plainObject(members),
                              let content = Response.optional(object["content"], { $0.plainString.map(Content.init(text:)) }),
                              let refusal = Response.optional(object["refusal"], \.plainString) else { return nil }
                        self.content = content
                        self.refusal = refusal
                    }
                }

                var message: Message?
                var text: String?
                var finishReason: String?

                init?(plain value: JSONValue) {
                    guard case .object(let members) = value, let object = Response.plainObject(members),
                          let message = Response.optional(object["message"], Message.init(plain:)),
                          let text = Response.optional(object["text"], \.plainString),
                          let finishReason = Response.optional(object["finish_reason"], \.plainString) else { return nil }
                    self.message = message
                    self.text = text
                    self.finishReason = finishReason
                }

                enum CodingKeys: String, CodingKey {
                    case message, text, finishReason = "finish_reason"
                }
            }

            struct Usage: Decodable {
                var promptTokens: Int?
                var completionTokens: Int?

                init?(plain value: JSONValue) {
                    guard case .object(let members) = value, let object = Response.plainObject(members),
                          let prompt = Response.optional(object["prompt_tokens"], \.plainInt),
                          let completion = Response.optional(object["completion_tokens"], \.plainInt) else { return nil }
                    promptTokens = prompt
                    completionTokens = completion
                }

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

            /// The response read with evals' own JSON parser, several times cheaper than `JSONDecoder`
            /// on the small answers of a large run; nil for anything but the plain shape (a field of
            /// an unexpected type, a repeated key, bytes that are not UTF-8), which `JSONDecoder` then reads
            /// and explains.
            init?(plain body: Data) {
                guard let text = String(data: body, encoding: .utf8),
                      case .object(let members)? = try? JSONValue.parse(text),
                      let object = Self.plainObject(members) else { return nil }
                guard let choices = Self.optional(object["choices"], { value -> [Choice]? in
                          guard case .array(let items) = value else { return nil }
                          let choices = items.compactMap(Choice.init(plain:))
                          return choices.count == items.count ? choices : nil
                      }),
                      let usage = Self.optional(object["usage"], Usage.init(plain:)),
                      let model = Self.optional(object["model"], \.plainString),
                      let fingerprint = Self.optional(object["system_fingerprint"], \.plainString) else { return nil }
                self.choices = choices
                self.usage = usage
                self.model = model
                self.systemFingerprint = fingerprint
            }

            /// The members of an object by key; nil when a key repeats.
            fileprivate static func plainObject(_ members: [JSONValue.Member]) -> [String: JSONValue]? {
                var object: [String: JSONValue] = [:]
                for member in members where object.updateValue(member.value, forKey: member.key) != nil { return nil }
                return object
            }

            /// `.some(nil)` for a missing or null field, `.some(value)` when `read` takes it, nil when it does not.
            fileprivate static func optional<T>(_ value: JSONValue?, _ read: (JSONValue) -> T?) -> T?? {
                guard let value, value != .null else { return .some(nil) }
                return read(value).map { .some($0) }
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

            init(text: String) {
                self.text = text
            }

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

private extension JSONValue {
    var plainString: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// A number written as a plain integer (no fraction or exponent) that fits an `Int`.
    var plainInt: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }
}
