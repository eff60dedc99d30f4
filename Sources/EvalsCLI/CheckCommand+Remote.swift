import EvalKit
import Foundation
import YAMLLite

extension CheckCommand {
    /// One target's answer to `check --remote`.
    struct Probe: Sendable {
        var target: String
        var provider: String
        var model: String
        var readiness: Readiness
        /// Nil for targets that were not asked over the network (`reference`, `command`).
        var latencyMs: Double?
    }

    /// `check --remote` (SPEC §10.4): after the suites validated, asks every target in use
    /// whether it can answer, once each and all at once, and prints a table per suite. Exit 0
    /// when every target is ready, 1 otherwise, 2 when a target cannot be made (an unset key, a
    /// failing `token_command`).
    func checkRemote(_ planned: [PlannedSuite], lines: [String]) async -> Int32 {
        var asks: [[(Suite.ResolvedTarget, any Provider, ModelRequest)]] = []
        var failures: [Diagnostic] = []
        for item in planned {
            var suiteAsks: [(Suite.ResolvedTarget, any Provider, ModelRequest)] = []
            for target in item.judged {
                do {
                    let (resolved, provider) = try await SuitePlanner.resolve(target, of: item.suite, environment: console.environment, maxConnections: 2)
                    suiteAsks.append((resolved, provider, firstRequest(of: item, for: resolved)))
                } catch {
                    failures.append(error)
                }
            }
            asks.append(suiteAsks)
        }
        if !failures.isEmpty {
            for failure in failures { console.diagnostic(failure) }
            return ExitCode.usage
        }
        let timeout = invocation.options.timeout ?? 60
        var everyReady = true
        var output: [String] = []
        for (index, suiteAsks) in asks.enumerated() {
            let probes = await withTaskGroup(of: (Int, Probe).self) { group in
                for (position, ask) in suiteAsks.enumerated() {
                    group.addTask { (position, await Self.probe(ask.0, ask.1, ask.2, timeout: timeout)) }
                }
                var probes: [Probe?] = Array(repeating: nil, count: suiteAsks.count)
                for await (position, probe) in group { probes[position] = probe }
                return probes.compactMap { $0 }
            }
            everyReady = everyReady && probes.allSatisfy { $0.readiness.status == .ready }
            output.append(lines[index])
            output.append(contentsOf: Self.table(probes))
        }
        console.stdout.write(output.joined(separator: "\n") + "\n")
        return everyReady ? ExitCode.success : ExitCode.gateFailed
    }

    /// The request of the suite's first selected case, for providers that ask with a real request.
    func firstRequest(of item: PlannedSuite, for target: Suite.ResolvedTarget) -> ModelRequest {
        guard let first = item.selected().first?.suiteCase else { return ModelRequest(prompt: "") }
        let resolved = item.suite.resolve(first, for: target)
        return ModelRequest(prompt: resolved.prompt, system: resolved.system ?? target.system, settings: target.settings.overlaid(by: resolved.settings), caseID: resolved.id)
    }

    /// Asks one target, giving up after `timeout` seconds.
    static func probe(_ target: Suite.ResolvedTarget, _ provider: any Provider, _ request: ModelRequest, timeout: Double) async -> Probe {
        let network: Bool
        switch target.config {
        case .reference, .command: network = false
        default: network = true
        }
        let clock = ContinuousClock()
        let start = clock.now
        let readiness = await withTaskGroup(of: Readiness?.self) { group in
            group.addTask {
                guard let probing = provider as? any ReadinessProbing else { return Readiness(.error, "this provider cannot be asked") }
                return await probing.readiness(firstCase: request)
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(timeout))
                return Task.isCancelled ? nil : Readiness(.unreachable, "no answer within \(String(format: "%g", timeout)) s")
            }
            var result = Readiness(.error, "no answer")
            for await next in group {
                if let next {
                    result = next
                    group.cancelAll()
                    break
                }
            }
            return result
        }
        let elapsed = clock.now - start
        let milliseconds = elapsed.inSeconds * 1000
        let redact = target.secrets
        var detail = readiness.detail
        for secret in redact where !secret.isEmpty { detail = detail.replacingOccurrences(of: secret, with: "[REDACTED]") }
        return Probe(
            target: target.name, provider: target.config.name, model: target.config.model ?? "-",
            readiness: Readiness(readiness.status, detail), latencyMs: network ? milliseconds : nil)
    }

    /// `TARGET PROVIDER MODEL STATUS DETAIL LATENCY`, columns aligned.
    static func table(_ probes: [Probe]) -> [String] {
        var rows = [["TARGET", "PROVIDER", "MODEL", "STATUS", "DETAIL", "LATENCY"]]
        for probe in probes {
            rows.append([
                Visible.text(probe.target), probe.provider, Visible.text(probe.model), probe.readiness.status.rawValue,
                Visible.text(probe.readiness.detail), probe.latencyMs.map { "\(Int($0.rounded())) ms" } ?? "-",
            ])
        }
        let widths = (0..<6).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }
}
