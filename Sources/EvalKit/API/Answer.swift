import EvalKitResults
import EvalKitProviders

/// A model's answer as Swift code sees it: the text, the tokens it cost and the model version
/// that served it.
public struct Answer: Sendable, Equatable {
    public var text: String
    /// Token counts, when the server reports them.
    public var usage: TokenUsage?
    /// The model version that served the answer, when the server names it (SPEC §10.3).
    public var modelVersion: String?
    /// The model refused or a safety filter blocked the prompt; a suite scores such a case `failed`.
    public var blockReason: String?
    /// The answer was cut by the token limit.
    public var truncated: Bool

    public init(text: String, usage: TokenUsage? = nil, modelVersion: String? = nil, blockReason: String? = nil, truncated: Bool = false) {
        self.text = text
        self.usage = usage
        self.modelVersion = modelVersion
        self.blockReason = blockReason
        self.truncated = truncated
    }

    init(_ response: ModelResponse) {
        self.init(
            text: response.text, usage: response.usage, modelVersion: response.modelVersion,
            blockReason: response.blockReason, truncated: response.truncated)
    }
}
