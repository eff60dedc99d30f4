import Foundation
import EvalKitSupport
import EvalKitTransport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One request of a batch: its key (`CASE_ID#SAMPLE`) and the body the provider would send for it alone.
public struct BatchItem: Sendable {
    public var key: String
    public var body: Data

    public init(key: String, body: Data) {
        self.key = key
        self.body = body
    }
}

/// How much one batch job may hold; a larger request set is split into several jobs.
public struct BatchLimits: Sendable, Equatable {
    public var maxRequests: Int
    /// Bytes of the job's input (the uploaded JSONL file).
    public var maxBytes: Int

    public init(maxRequests: Int, maxBytes: Int) {
        self.maxRequests = maxRequests
        self.maxBytes = maxBytes
    }

    public static let unlimited = BatchLimits(maxRequests: .max, maxBytes: .max)
}

/// What a poll of a batch job said.
public struct BatchPoll: Sendable {
    public enum Phase: Sendable, Equatable {
        case running, succeeded, failed, expired, cancelled

        public var isTerminal: Bool { self != .running }
    }

    public var job: String
    /// The provider's own word, such as `BATCH_STATE_RUNNING` or `in_progress`.
    public var state: String
    public var phase: Phase
    /// Requests finished (answered or failed) and in all, when the provider says.
    public var completed: Int?
    public var total: Int?
    /// Why the job failed, when it did and the provider said.
    public var reason: String?
    /// The poll's body, which the client reads again for the results.
    var body: Data
}

/// The answer to one batch request: the model's response or why there is none.
public enum BatchAnswer: Sendable {
    case response(ModelResponse)
    case error(ProviderError)
}

/// A provider's batch API (SPEC §13): submit a request set as a job, poll it, read its results, cancel it.
public protocol BatchClient: Sendable {
    var limits: BatchLimits { get }
    /// What the request set's SHA-256 covers besides the requests: the endpoint and model.
    var endpointDescription: String { get }
    /// The provider's one-request body, so a batch request is the request a normal run sends.
    func body(for request: ModelRequest) -> Data
    /// The bytes an item takes in the job's input file.
    func size(of item: BatchItem) -> Int
    /// Submits the items as one job and returns its id.
    func submit(_ items: ArraySlice<BatchItem>, displayName: String) async throws(ProviderError) -> String
    func poll(_ job: String) async throws(ProviderError) -> BatchPoll
    /// The answers of a finished job by key; `items` are the job's, in the order submitted.
    func results(of poll: BatchPoll, items: ArraySlice<BatchItem>) async throws(ProviderError) -> [String: BatchAnswer]
    func cancel(_ job: String) async throws(ProviderError)
}

/// The HTTP side the batch clients share: JSON and file exchanges whose non-2xx answers become the provider's errors.
struct BatchTransport: Sendable {
    /// Batch results can be large: up to 1 GiB per download.
    static let maxResponseBytes = 1 << 30

    let client: HTTPClient
    let headers: [String: String]
    let error: @Sendable (HTTPClient.Response) -> ProviderError

    init(trust: TLSTrust?, headers: [String: String], error: @escaping @Sendable (HTTPClient.Response) -> ProviderError) {
        client = HTTPClient(maxConnections: 4, maxResponseBytes: Self.maxResponseBytes, trust: trust)
        self.headers = headers
        self.error = error
    }

    /// Sends one request with the provider's credentials; a non-2xx answer is thrown as the provider's error.
    func send(_ method: String, _ url: URL, body: Data? = nil, headers extra: [String: String] = [:], credentials: Bool = true) async throws(ProviderError) -> HTTPClient.Response {
        var request = URLRequest(url: url)
        request.httpMethod = method
        if credentials {
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        }
        if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        for (name, value) in extra { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let response = try await client.send(request)
        guard (200..<300).contains(response.status) else { throw error(response) }
        return response
    }

    /// Decodes a JSON answer, or throws a permanent error naming what came.
    static func decode<T: Decodable>(_ type: T.Type, from body: Data, service: String) throws(ProviderError) -> T {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch {
            throw ProviderError.undecodable(error, from: service, body: body)
        }
    }

    /// The non-empty lines of a JSONL file.
    static func lines(of data: Data) -> [Data] {
        data.split(separator: UInt8(ascii: "\n")).filter { !$0.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") } }.map { Data($0) }
    }

    /// `text` as a JSON string literal, quotes included.
    static func quoted(_ text: String) -> String {
        "\"" + JSONString.escaped(text) + "\""
    }
}

/// A count that Google writes as a string (int64) and others as a number.
struct FlexibleCount: Decodable, Sendable {
    var value: Int

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            value = number
        } else {
            let text = try container.decode(String.self)
            guard let number = Int(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a count: \(text)")
            }
            value = number
        }
    }
}
