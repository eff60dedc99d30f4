extension FakeModelServer {
    /// A scripted misbehaviour for one request, injected by tests through `enqueue` or a hook.
    public enum Fault: Sendable, Equatable {
        /// Answer with this status, headers and body instead of the model's answer.
        case reply(status: Int, headers: [String: String] = [:], body: String)
        /// Answer 200 with a body that is not valid JSON.
        case malformedJSON
        /// Close the connection without answering.
        case closeConnection
        /// Wait this long (or until the client hangs up or the server stops), then answer as usual.
        case delay(milliseconds: Int)
        /// Answer 200 with a JSON body of about this many bytes.
        case hugeBody(bytes: Int)
    }
}
