// The one way Rapport writes a file (sessions, reports, exports, graphs, upgrades, settings,
// screenshots), and the lock that keeps two processes off one session file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace rapport {

// Writes `text` to `path`; returns an error message in words, or nullopt on success.
// - A missing file or a regular file is replaced atomically: the text goes to a new temporary
//   file in the same folder (created exclusively, never through a link: O_TMPFILE where the
//   filesystem has it, else O_CREAT | O_EXCL | O_NOFOLLOW under a random name), is fsync'd and
//   renamed over the target. A failed write (disk full, file-size limit) leaves the old file as
//   it was and no temporary file behind. A replaced file keeps its permission bits.
// - A target that exists and is not a regular file (a FIFO, /dev/stdout, /dev/null, a terminal)
//   is written straight to, opened without O_CREAT or O_TRUNC: it is never replaced.
// - A target that is a symbolic link is written through: the file it points to is replaced, as
//   above, in that file's folder; the link stays. A link to nothing is refused.
// - A folder is refused.
[[nodiscard]] std::optional<std::string> write_file(const std::string& path, std::string_view text);

// An advisory lock (flock) on a file, held while this object lives: two Rapport processes
// resuming one session file cannot both save to it. The lock is taken on `.NAME.lock` beside the
// file (the file itself is replaced on every save, so a lock on it would not last); the lock file
// is removed when the lock is released.
class FileLock {
public:
    // Takes the lock without waiting: an error message if another process holds it.
    [[nodiscard]] static std::variant<FileLock, std::string> acquire(const std::string& path);
    FileLock(FileLock&& other) noexcept;
    FileLock& operator=(FileLock&& other) noexcept;
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    ~FileLock();

private:
    FileLock(int fd, std::string lock_path) : m_fd(fd), m_lock_path(std::move(lock_path)) {}
    void release();
    int m_fd = -1;
    std::string m_lock_path;
};

}  // namespace rapport
