#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import Synchronization

/// A loopback HTTP/1.1 server speaking Gemini `generateContent` and OpenAI chat/completions, for tests and benchmarks.
///
/// It listens on 127.0.0.1 as soon as it is made and serves each connection on its own thread,
/// with keep-alive, so 64 clients at once with latency cost 64 sleeping threads and nothing else.
/// Endpoints: `POST …/models/{m}:generateContent` and `…/tunedModels/{m}:generateContent` (any
/// prefix, so `base_url` can be `http://127.0.0.1:PORT/v1beta`), `POST …/chat/completions`,
/// `POST …/completions`, `GET …/models`, `GET …/models/{m}` and `…/tunedModels/{m}`, Vertex AI's
/// `POST …/projects/{p}/locations/{l}/endpoints/{e}:generateContent` and
/// `…/publishers/google/models/{m}:generateContent` and `GET …/endpoints/{e}`, and `GET /_stats`
/// (`DELETE /_stats` resets the counters).
/// What a model answers depends on its name: see ``ModelResponder``. Tests inject faults with
/// ``enqueue(_:)`` or ``setHook(_:)`` and read ``stats`` and ``requests``.
public final class FakeModelServer: Sendable {
    /// Why a server could not start listening.
    public struct StartError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// What the connection does with one model request, decided when it arrives.
    struct Plan {
        var fault: Fault?
        var transientError: ModelResponder.Reply?
    }

    private struct State {
        var stats = Stats()
        var recorded: [RecordedRequest] = []
        var recordedNext = 0
        var faults: [Fault] = []
        var faultsNext = 0
        var hook: (@Sendable (RecordedRequest) -> Fault?)?
        var random: SplitMix64
        var connections: Set<Int32> = []
    }

    public let configuration: Configuration
    /// The port it listens on, on 127.0.0.1.
    public let port: Int
    let responder: ModelResponder
    let batches: BatchService
    private let listener: Int32
    private let state: Mutex<State>
    private let stopped = Atomic<Bool>(false)
    private let acceptEnded = DispatchSemaphore(value: 0)

    /// Binds 127.0.0.1 on the configured port and starts accepting connections.
    public init(_ configuration: Configuration = Configuration()) throws(StartError) {
        self.configuration = configuration
        responder = ModelResponder(requiredKey: configuration.requiredKey, requiredToken: configuration.requiredToken, modelVersion: configuration.modelVersion, script: configuration.script)
        state = Mutex(State(random: SplitMix64(seed: configuration.seed)))
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw StartError(message: "socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = configuration.port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 1024) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw StartError(message: "cannot listen on 127.0.0.1:\(configuration.port): \(reason)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        batches = BatchService(responder: responder, polls: configuration.batchPolls, port: port)
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "fake-model accept"
        thread.start()
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Stops accepting, ends every connection and waits until the listening socket is closed. Safe to call twice.
    public func stop() {
        guard !stopped.exchange(true, ordering: .sequentiallyConsistent) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        state.withLock { state in
            for fd in state.connections { shutdown(fd, Int32(SHUT_RDWR)) }
        }
        _ = acceptEnded.wait(timeout: .now() + 5)
    }

    var isStopped: Bool { stopped.load(ordering: .relaxed) }

    // MARK: Faults

    /// Queues faults that the next model requests meet, one each, in order.
    public func enqueue(_ faults: Fault...) {
        enqueue(faults)
    }

    /// Queues faults that the next model requests meet, one each, in order.
    public func enqueue(_ faults: [Fault]) {
        state.withLock { $0.faults.append(contentsOf: faults) }
    }

    /// Sets a function asked first about every model request; a fault it returns replaces the queue's.
    public func setHook(_ hook: (@Sendable (RecordedRequest) -> Fault?)?) {
        state.withLock { $0.hook = hook }
    }

    /// Holds model requests until `count` of them have arrived, then answers those together, and
    /// so on for each next `count`: they overlap however slow the machine is. A request waits a
    /// minute at most, so a client that never sends `count` at once ends instead of hanging.
    /// Replaces the hook.
    public func gatherRequests(_ count: Int) {
        let arrived = Mutex(0)
        let gathered = DispatchSemaphore(value: 0)
        setHook { _ in
            let arrival = arrived.withLock { arrived in
                arrived += 1
                return arrived
            }
            if arrival % count == 0 {
                for _ in 1..<count { gathered.signal() }
            } else {
                _ = gathered.wait(timeout: .now() + 60)
            }
            return nil
        }
    }

    // MARK: Stats

    public var stats: Stats {
        state.withLock { $0.stats }
    }

    /// The requests received so far (at most `maxRecordedRequests`, the latest), oldest first.
    public var requests: [RecordedRequest] {
        state.withLock { state in
            guard state.recorded.count == configuration.maxRecordedRequests else { return state.recorded }
            return Array(state.recorded[state.recordedNext...] + state.recorded[..<state.recordedNext])
        }
    }

    /// Zeroes the counters (requests in flight stay counted) and forgets the recorded requests.
    public func resetStats() {
        state.withLock { state in
            state.stats = Stats(inFlight: state.stats.inFlight)
            state.recorded = []
            state.recordedNext = 0
        }
    }

    // MARK: Connections

    private func acceptLoop() {
        defer {
            close(listener)
            acceptEnded.signal()
        }
        while !isStopped {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if isStopped { return }
                if errno == EMFILE || errno == ENFILE { usleep(10_000) }
                continue
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            var yes: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            let accepted = state.withLock { state in
                guard !isStopped else { return false }
                state.connections.insert(fd)
                state.stats.connections += 1
                return true
            }
            guard accepted else {
                close(fd)
                return
            }
            let thread = Thread { [self] in HTTPConnection(fd: fd, server: self).run() }
            thread.name = "fake-model connection"
            thread.start()
        }
    }

    /// Forgets and closes a connection's socket, under the lock so `stop` never shuts down a reused descriptor.
    func connectionEnded(_ fd: Int32) {
        state.withLock { state in
            state.connections.remove(fd)
            close(fd)
        }
    }

    /// Records a model request and decides its fate: the hook's fault, a queued one, or a random transient error.
    func begin(_ request: RecordedRequest) -> Plan {
        let hook = state.withLock { state in
            state.stats.requests += 1
            if state.stats.firstRequestAt == nil { state.stats.firstRequestAt = Date().timeIntervalSince1970 }
            state.stats.inFlight += 1
            state.stats.maxConcurrency = max(state.stats.maxConcurrency, state.stats.inFlight)
            if configuration.maxRecordedRequests > 0 {
                if state.recorded.count < configuration.maxRecordedRequests {
                    state.recorded.append(request)
                } else {
                    state.recorded[state.recordedNext] = request
                    state.recordedNext = (state.recordedNext + 1) % configuration.maxRecordedRequests
                }
            }
            return state.hook
        }
        if let hook, let fault = hook(request) {
            return Plan(fault: fault)
        }
        return state.withLock { state in
            if state.faultsNext < state.faults.count {
                defer { state.faultsNext += 1 }
                return Plan(fault: state.faults[state.faultsNext])
            }
            guard configuration.errorRate > 0, state.random.nextDouble() < configuration.errorRate else { return Plan() }
            return Plan(transientError: state.random.next() % 2 == 0
                ? ModelResponder.Reply(status: 429, headers: [("Retry-After", "0")], body: #"{"error": {"code": 429, "message": "rate limited by fake-model --error-rate", "status": "RESOURCE_EXHAUSTED"}}"#)
                : ModelResponder.Reply(
                    status: 503, headers: configuration.unavailableRetryAfter.map { [("Retry-After", String($0))] } ?? [],
                    body: #"{"error": {"code": 503, "message": "unavailable by fake-model --error-rate", "status": "UNAVAILABLE"}}"#))
        }
    }

    /// The answer to a request: a batch route's, else the model's.
    func reply(to request: RecordedRequest) -> ModelResponder.Reply {
        batches.reply(to: request) ?? responder.reply(to: request)
    }

    /// Batch jobs created so far (Gemini and OpenAI), for tests asserting that a resumed run submitted none.
    public var batchJobsSubmitted: Int { batches.jobsSubmitted }

    /// Marks the current request of a connection answered.
    func end() {
        let now = Date().timeIntervalSince1970
        state.withLock { state in
            state.stats.inFlight -= 1
            state.stats.lastAnswerAt = now
        }
    }

    /// The answer to `/_stats`: the counters as JSON, or a reset for `DELETE`.
    func controlReply(to request: RecordedRequest) -> ModelResponder.Reply {
        if request.method == "DELETE" { resetStats() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let body = (try? encoder.encode(stats)) ?? Data("{}".utf8)
        return ModelResponder.Reply(status: 200, bytes: body)
    }
}
