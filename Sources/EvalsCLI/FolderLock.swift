import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A claim on a report folder for as long as the value lives, so that two evals runs never write
/// their reports into one folder at once: the file `.evals.lock` in it, created exclusively and
/// holding the claiming process's id, removed when the value goes away. A lock whose process no
/// longer exists (killed by SIGKILL) is taken over.
///
/// A lock file rather than `flock`: a kernel lock lives in an open file description, which a
/// child process spawned by another thread at that moment would share until it execs.
final class FolderLock: Sendable {
    /// Another process holds the folder, or it cannot be made.
    struct Busy: Error {
        var message: String
    }

    static let fileName = ".evals.lock"

    private let path: String

    /// Creates the folder when missing and claims it, failing at once when a live process has it.
    init(_ folder: String) throws(Busy) {
        path = try Self.claim(folder)
    }

    /// Creates the lock file; its path. Kept out of `init`, since a class whose init throws
    /// after setting every property runs `deinit`, which would remove another run's lock.
    private static func claim(_ folder: String) throws(Busy) -> String {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw Busy(message: "cannot create the report folder \(folder): \(error.localizedDescription)")
        }
        let path = (folder as NSString).appendingPathComponent(Self.fileName)
        for _ in 0..<2 {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 {
                let text = "\(getpid())\n"
                _ = text.withCString { write(fd, $0, strlen($0)) }
                close(fd)
                return path
            }
            guard errno == EEXIST else {
                throw Busy(message: "cannot claim the report folder \(folder): \(String(cString: strerror(errno)))")
            }
            let holder = (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if let holder, holder > 0, kill(holder, 0) == 0 || errno == EPERM {
                throw Busy(message: "the report folder \(folder) is in use by another evals run (process \(holder)); wait for it, or give this run its own --out (if no such run exists, delete \(path))")
            }
            unlink(path)
        }
        throw Busy(message: "the report folder \(folder) is in use by another evals run; wait for it, or give this run its own --out")
    }

    deinit {
        unlink(path)
    }
}
