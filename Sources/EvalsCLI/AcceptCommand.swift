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
        let store = GoldenStore(directory: invocation.options.goldenDir)
        var out = ""
        for item in planned {
            for target in item.judged {
                let path = store.goldenPath(suite: item.suite.name, target: target.name)
                do {
                    if try store.accept(suite: item.suite.name, target: target.name) {
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
