import Foundation

extension FakeModelServer {
    /// A request as the fake server received it, kept for tests to inspect.
    public struct RecordedRequest: Sendable, Equatable {
        /// One header line, with its name as sent.
        public struct Header: Sendable, Equatable {
            public var name: String
            public var value: String

            public init(name: String, value: String) {
                self.name = name
                self.value = value
            }
        }

        public var method: String
        /// The request target as sent: path and query.
        public var target: String
        public var headers: [Header]
        /// The body after any chunked transfer coding was removed.
        public var body: Data

        public init(method: String, target: String, headers: [Header], body: Data) {
            self.method = method
            self.target = target
            self.headers = headers
            self.body = body
        }

        /// The target without its query.
        public var path: String {
            target.firstIndex(of: "?").map { String(target[..<$0]) } ?? target
        }

        /// The first value of the header `name`, compared case-insensitively.
        public func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }

        /// The body parsed as a JSON object, or nil.
        public var jsonBody: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        }
    }
}
