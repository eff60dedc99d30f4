import EvalKitMatchers

/// The built-in `next-number` reference model: answers the next number in the form of the
/// prompt's last non-empty line, offline and at once (SPEC §4.4).
public struct ReferenceProvider: Provider {
    /// Always `next-number`; the suite loader rejects any other.
    public let model: String

    public init(model: String) {
        self.model = model
    }

    public func complete(_ request: ModelRequest) async throws(ProviderError) -> ModelResponse {
        ModelResponse(text: NextNumber.answer(toPrompt: request.prompt), finishReason: "STOP", usage: nil)
    }
}
