import Foundation
import EvalKitProviders

extension BatchExecutor {
    /// What a poll of a saved job said, for `evals batch status`.
    public struct JobStatus: Sendable, Equatable {
        public var job: String
        /// The provider's word, such as `BATCH_STATE_RUNNING` or `in_progress`.
        public var state: String
        public var completed: Int?
        public var total: Int?
        public var reason: String?
        /// The job has ended (succeeded, failed, expired or was cancelled).
        public var finished: Bool
    }

    /// Polls every job of a saved state; an error is the provider's, redacted.
    public static func status(of state: BatchState, provider: any Provider) async -> [Result<JobStatus, ProviderError>] {
        guard let client = client(for: provider) else { return [] }
        var statuses: [Result<JobStatus, ProviderError>] = []
        for job in state.jobs {
            do {
                let poll = try await client.poll(job.id)
                statuses.append(.success(JobStatus(job: job.id, state: poll.state, completed: poll.completed, total: poll.total, reason: poll.reason, finished: poll.phase.isTerminal)))
            } catch {
                statuses.append(.failure(error))
            }
        }
        return statuses
    }

    /// Asks the provider to cancel every job of a saved state; nil for a job it accepted.
    public static func cancel(_ state: BatchState, provider: any Provider) async -> [ProviderError?] {
        guard let client = client(for: provider) else { return [] }
        var errors: [ProviderError?] = []
        for job in state.jobs {
            do {
                try await client.cancel(job.id)
                errors.append(nil)
            } catch {
                errors.append(error)
            }
        }
        return errors
    }
}
