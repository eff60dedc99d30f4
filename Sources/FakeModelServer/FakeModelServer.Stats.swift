extension FakeModelServer {
    /// Counters of a fake server, also served as JSON by `GET /_stats`.
    public struct Stats: Sendable, Equatable, Codable {
        /// Requests received, control requests (`/_stats`) excepted.
        public var requests: Int
        /// The most requests that were being answered at once.
        public var maxConcurrency: Int
        /// Requests being answered now.
        public var inFlight: Int
        /// Connections accepted.
        public var connections: Int
        /// When the first request came and the last answer went, in seconds since 1970; nil
        /// before any (the benchmark's start and tail figures).
        public var firstRequestAt: Double?
        public var lastAnswerAt: Double?

        public init(requests: Int = 0, maxConcurrency: Int = 0, inFlight: Int = 0, connections: Int = 0, firstRequestAt: Double? = nil, lastAnswerAt: Double? = nil) {
            self.requests = requests
            self.maxConcurrency = maxConcurrency
            self.inFlight = inFlight
            self.connections = connections
            self.firstRequestAt = firstRequestAt
            self.lastAnswerAt = lastAnswerAt
        }

        enum CodingKeys: String, CodingKey {
            case requests, maxConcurrency = "max_concurrency", inFlight = "in_flight", connections
            case firstRequestAt = "first_request_at", lastAnswerAt = "last_answer_at"
        }
    }
}
