/// A loopback HTTP/1.1 server speaking Gemini `generateContent` and OpenAI chat/completions.
public final class FakeModelServer: Sendable {
    public init() {}
}
