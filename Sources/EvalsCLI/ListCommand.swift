import EvalKit
import Foundation

/// `evals list`: the targets and selected cases of each suite (SPEC §9).
struct ListCommand {
    let invocation: Invocation
    let console: Console

    func execute() -> Int32 {
        let planned: [PlannedSuite]
        do {
            planned = try SuitePlanner.plan(invocation, console: console)
        } catch {
            return SuitePlanner.report(error, console: console, writeHarness: false)
        }
        var out = ""
        for item in planned {
            out += "suite \(item.suite.name) (\(item.path))\n"
            for target in item.suite.targets {
                let marker = target.name == item.suite.defaultTarget ? " [default]" : ""
                out += "target \(target.name) \(target.provider) \(target.model ?? "-")\(marker)\n"
            }
            item.forEachEntry { _, suiteCase, skip in
                guard skip == nil else { return }
                out += "\(suiteCase.id)\t\(Visible.text(suiteCase.tags.joined(separator: ",")))\t\(JSONString.quotedVisible(suiteCase.prompt))\n"
            }
        }
        console.stdout.write(out)
        return ExitCode.success
    }
}
