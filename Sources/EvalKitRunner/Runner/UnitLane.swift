import Foundation
import Synchronization
import EvalKitSupport
import EvalKitResults
import EvalKitSuite
import EvalKitProviders

/// What the cases of one run unit share while they run: the provider, the target's limits and its stop state.
final class UnitLane: Sendable {
    let suite: String
    let target: Suite.ResolvedTarget
    let provider: any Provider
    let directory: URL
    /// The target's `max_concurrency`, when it has one.
    let limiter: Limiter?
    /// The target's `rate_limit`, when it has one.
    let spacer: RequestSpacer?
    let redact: Redactor
    /// The target's provider and fields, redacted: the target's part of a cache key.
    let cacheDescription: String
    private let stopState: Mutex<String?> = Mutex(nil)

    init(unit: RunUnit, limiter: Limiter?, spacer: RequestSpacer?) {
        suite = unit.suite
        target = unit.target
        provider = unit.provider
        directory = unit.directory
        self.limiter = limiter
        self.spacer = spacer
        redact = Redactor(unit.target.secrets)
        cacheDescription = TargetFingerprint.requestDescription(unit.target)
    }

    /// The redacted message of the fatal error that stopped the target, once one has.
    var stopMessage: String? {
        stopState.withLock { $0 }
    }

    /// Stops the target; true for the first call only, which should announce it.
    func stop(_ message: String) -> Bool {
        let message = redact(message)
        return stopState.withLock { current in
            guard current == nil else { return false }
            current = message
            return true
        }
    }

    /// The report of a case that was never sent because the target stopped.
    func notSentReport(_ resolved: ResolvedCase, message: String) -> CaseReport {
        var report = CaseReport(
            id: resolved.id, prompt: redact(resolved.prompt), system: redact(resolved.system ?? target.system), tags: resolved.tags,
            outcome: .error, messages: ["not sent: \(message)"], failureType: .notSent, errorKind: .configuration,
            golden: .off, samples: 0)
        report.cost = unsentCost
        return report
    }

    /// The report of a case that did not run, for `reason`.
    func skippedReport(_ resolved: ResolvedCase, reason: SkipReason) -> CaseReport {
        var report = CaseReport(
            id: resolved.id, prompt: redact(resolved.prompt), system: redact(resolved.system ?? target.system), tags: resolved.tags,
            outcome: .skipped, reason: reason, golden: .off, samples: 0)
        report.cost = unsentCost
        return report
    }

    /// What a case that sent nothing cost: nothing, when the target has a price.
    private var unsentCost: Cost? {
        target.price.map { _ in Cost() }
    }
}
