import EvalKit
import Foundation
import YAMLLite

/// `evals accept`: promotes `<target>.golden.new` over `<target>.golden`, calling no model.
struct AcceptCommand {
    let invocation: Invocation
    let console: Console

    func execute() -> Int32 {
        if console.ciModeIsExplicit {
            return SuitePlanner.report(.usage("evals accept writes golden files and cannot be combined with --ci"), console: console, writeHarness: false)
        }
        let planned: [PlannedSuite]
        do {
            planned = try SuitePlanner.plan(invocation, console: console)
        } catch {
            return SuitePlanner.report(error, console: console, writeHarness: false)
        }
        let options = invocation.options
        let selects = !options.filters.isEmpty || !options.tags.isEmpty || !options.excludeTags.isEmpty || options.limit != nil || options.shard != nil
        var out = ""
        for item in planned {
            let store = GoldenStore(directory: item.goldenDirectory)
            for target in item.judged {
                let path = store.goldenPath(suite: item.suite.name, target: target.name)
                do {
                    if selects {
                        let ids = Set(item.selected().map(\.suiteCase.id))
                        if let accepted = try store.accept(suite: item.suite.name, target: target.name, only: ids) {
                            let entries = accepted.promoted == 1 ? "entry" : "entries"
                            let left = accepted.remaining == 0 ? "nothing left pending" : "\(accepted.remaining) still pending in \(path).new"
                            out += "accepted \(accepted.promoted) selected \(entries) into \(path); \(left)\n"
                        } else {
                            out += "nothing to accept for \(item.suite.name)[\(target.name)]: no \(path).new\n"
                        }
                    } else if try store.accept(suite: item.suite.name, target: target.name) {
                        out += "accepted \(path)\n"
                    } else {
                        out += "nothing to accept for \(item.suite.name)[\(target.name)]: no \(path).new\n"
                    }
                } catch {
                    console.diagnostic(error)
                    return ExitCode.usage
                }
            }
        }
        console.stdout.write(out)
        return ExitCode.success
    }
}
