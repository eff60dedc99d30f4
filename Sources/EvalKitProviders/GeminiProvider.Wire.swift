import EvalKitSuite

extension GeminiProvider {
    /// The JSON of Gemini's REST `generateContent`: the request, the answer and the error body.
    enum Wire {
        struct Request: Encodable {
            var contents: [Content]
            var systemInstruction: Content?
            var generationConfig: GenerationConfig?
        }

        struct Content: Codable {
            var role: String?
            var parts: [Part]?
        }

        struct Part: Codable {
            var text: String?
            /// Set on a thinking model's thought summaries, which are not the answer.
            var thought: Bool?
        }

        struct GenerationConfig: Encodable {
            var temperature: Double?
            var topP: Double?
            var topK: Int?
            var maxOutputTokens: Int?
            var stopSequences: [String]?
            var seed: Int?

            init?(_ settings: GenerationSettings) {
                guard settings != GenerationSettings() else { return nil }
                temperature = settings.temperature
                topP = settings.topP
                topK = settings.topK
                maxOutputTokens = settings.maxTokens
                stopSequences = settings.stop
                seed = settings.seed
            }
        }

        struct Response: Decodable {
            struct Candidate: Decodable {
                var content: Content?
                var finishReason: String?
            }

            struct PromptFeedback: Decodable {
                var blockReason: String?
            }

            struct UsageMetadata: Decodable {
                var promptTokenCount: Int?
                var candidatesTokenCount: Int?
            }

            var candidates: [Candidate]?
            var promptFeedback: PromptFeedback?
            var usageMetadata: UsageMetadata?
            /// The model version that answered, such as `gemini-2.5-flash-001`.
            var modelVersion: String?
        }

        /// `{"error": {"code", "message", "status", "details"}}`; some front ends wrap it in an array.
        struct ErrorEnvelope: Decodable {
            struct Body: Decodable {
                var code: Int?
                var message: String?
                var status: String?
                var details: [Detail]?
            }

            /// One `google.rpc` detail: `RetryInfo`, `QuotaFailure` or `ErrorInfo`.
            struct Detail: Decodable {
                struct Violation: Decodable {
                    var quotaId: String?
                    var quotaMetric: String?
                }

                var type: String?
                var retryDelay: String?
                var violations: [Violation]?
                var reason: String?

                enum CodingKeys: String, CodingKey {
                    case type = "@type", retryDelay, violations, reason
                }
            }

            var error: Body
        }
    }
}
