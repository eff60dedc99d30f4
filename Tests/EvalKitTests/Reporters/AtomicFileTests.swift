import Foundation
import Testing
@testable import EvalKit

@Suite("AtomicFile")
struct AtomicFileTests {
    /// A fresh empty folder, removed by `body`'s end.
    private func withFolder(_ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder)
    }

    private func entries(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func writesAndReplacesLeavingNoTemporaryFile() throws {
        try withFolder { folder in
            let file = folder.appendingPathComponent("junit.xml")
            try AtomicFile.write(Data("first\n".utf8), to: file)
            #expect(try String(contentsOf: file, encoding: .utf8) == "first\n")
            try AtomicFile.write("second, ünïcode 🎉", to: file)
            #expect(try String(contentsOf: file, encoding: .utf8) == "second, ünïcode 🎉")
            try AtomicFile.write(Data(), to: file)
            #expect(try Data(contentsOf: file).isEmpty)
            #expect(try entries(folder) == ["junit.xml"])
        }
    }

    @Test func createsMissingFolders() throws {
        try withFolder { folder in
            let file = folder.appendingPathComponent("reports/nested/results.json")
            try AtomicFile.write("{}", to: file)
            #expect(try String(contentsOf: file, encoding: .utf8) == "{}")
            #expect(try entries(folder.appendingPathComponent("reports/nested")) == ["results.json"])
        }
    }

    @Test func aFailedRenameLeavesTheTargetAndNoTemporaryFile() throws {
        try withFolder { folder in
            let target = folder.appendingPathComponent("report.txt")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
            try "old".write(to: target.appendingPathComponent("inside"), atomically: false, encoding: .utf8)
            #expect(throws: AtomicFile.WriteError.self) {
                try AtomicFile.write("new", to: target)
            }
            #expect(try String(contentsOf: target.appendingPathComponent("inside"), encoding: .utf8) == "old")
            #expect(try entries(folder) == ["report.txt"])
        }
    }

    @Test func aFolderThatCannotBeCreatedIsAnErrorNamingTheFile() throws {
        try withFolder { folder in
            let blocker = folder.appendingPathComponent("golden")
            try AtomicFile.write("a file, not a folder", to: blocker)
            let target = blocker.appendingPathComponent("tuned.golden")
            #expect {
                try AtomicFile.write("x", to: target)
            } throws: { error in
                (error as? AtomicFile.WriteError)?.path == target.path
            }
            #expect(try String(contentsOf: blocker, encoding: .utf8) == "a file, not a folder")
            #expect(try entries(folder) == ["golden"])
        }
    }

    @Test func concurrentWritersNeverLeaveAHalfFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("golden.yaml-lite")
        let contents = (0..<8).map { String(repeating: "\($0)", count: 64 * 1024) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for text in contents {
                group.addTask { try AtomicFile.write(text, to: file) }
            }
            try await group.waitForAll()
        }
        #expect(contents.contains(try String(contentsOf: file, encoding: .utf8)))
        #expect(try entries(folder) == ["golden.yaml-lite"])
    }
}
