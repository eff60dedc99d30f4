import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on a folder for as long as the value lives, so that two evals runs never
/// write their reports into one folder at once. The lock is the kernel's (`flock`): it leaves no
/// file behind and ends with the process, however the process ends.
final class FolderLock: Sendable {
    /// Another process holds the folder, or it cannot be made.
    struct Busy: Error {
        var message: String
    }

    private let descriptor: Int32

    /// Creates the folder when missing and locks it, failing at once when another process has it.
    init(_ path: String) throws(Busy) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw Busy(message: "cannot create the report folder \(path): \(error.localizedDescription)")
        }
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Busy(message: "cannot open the report folder \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw Busy(message: "the report folder \(path) is in use by another evals run; wait for it, or give this run its own --out")
        }
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }
}
