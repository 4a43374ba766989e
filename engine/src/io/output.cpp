// The one way Rapport writes a file, and the session-file lock (see output.hpp). POSIX calls, so
// that every step (exclusive creation, each write, fsync, rename) is checked and named.
#include "rapport/output.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>

namespace rapport {

namespace {

// errno in words, naming the limits a user can do something about.
std::string reason(int err) {
    switch (err) {
        case ENOSPC:
            return "the disk is full";
        case EDQUOT:
            return "the disk quota is exceeded";
        case EFBIG:
            return "the file would exceed the file-size limit (see ulimit -f)";
        default:
            return std::strerror(err);
    }
}

std::string folder_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

std::string name_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A temporary name beside the target that cannot be guessed: `.NAME.XXXXXXXXXXXXXXXX.tmp`.
std::string temp_name(const std::string& folder, const std::string& name, std::random_device& rd) {
    char suffix[20];
    const unsigned long long r = (static_cast<unsigned long long>(rd()) << 32) ^ rd();
    std::snprintf(suffix, sizeof suffix, "%016llx", r);
    return folder + "/." + name + "." + suffix + ".tmp";
}

// Writes all of `text` to `fd`; errno of the first failure, or 0.
int write_all(int fd, std::string_view text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        done += static_cast<std::size_t>(n);
    }
    return 0;
}

// A file that is not a regular one (a FIFO, a device, /dev/stdout): written straight to, never
// created, truncated or replaced.
std::optional<std::string> write_in_place(const std::string& path, std::string_view text) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return "cannot write " + path + ": " + reason(errno);
    const int err = write_all(fd, text);
    if (::close(fd) != 0 && err == 0 && errno != EINTR)
        return "cannot write " + path + ": " + reason(errno);
    if (err) return "cannot write " + path + ": " + reason(err);
    return std::nullopt;
}

void sync_folder(const std::string& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    (void)::fsync(fd);
    ::close(fd);
}

// Renames the complete temporary file over the target (removing it if that fails) and syncs
// the folder, so that the new name is on disk too.
std::optional<std::string> commit(const std::string& temp, const std::string& target,
                                  const std::string& folder) {
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        const int e = errno;
        ::unlink(temp.c_str());
        return "cannot replace " + target + ": " + reason(e);
    }
    sync_folder(folder);
    return std::nullopt;
}

// Fills an open temporary file: mode, text, fsync, close. errno of the first failure, or 0; the
// descriptor is closed either way.
int fill(int fd, std::string_view text, int mode) {
    int err = 0;
    if (mode >= 0 && ::fchmod(fd, static_cast<mode_t>(mode)) != 0) err = errno;
    if (!err) err = write_all(fd, text);
    if (!err && ::fsync(fd) != 0) err = errno;
    if (::close(fd) != 0 && !err && errno != EINTR) err = errno;
    return err;
}

// The replacement of a regular (or missing) file. `unsupported` is set when the unnamed O_TMPFILE
// way could not be used, so the caller falls back to a named temporary file.
std::optional<std::string> replace_via_tmpfile(const std::string& target, std::string_view text,
                                               int mode, bool& unsupported) {
    const std::string folder = folder_of(target);
    // An unnamed file in the target's folder: nothing named exists until the write is complete,
    // so a killed run leaves nothing behind.
    const int fd = ::open(folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (fd < 0) {
        unsupported = true;
        return std::nullopt;
    }
    int err = 0;
    if (mode >= 0 && ::fchmod(fd, static_cast<mode_t>(mode)) != 0) err = errno;
    if (!err) err = write_all(fd, text);
    if (!err && ::fsync(fd) != 0) err = errno;
    if (err) {
        ::close(fd);
        return "cannot write " + target + ": " + reason(err) + "; the file was left as it was";
    }
    // Give it a unique name (linkat never follows or replaces what is there), then rename.
    std::random_device rd;
    const std::string proc = "/proc/self/fd/" + std::to_string(fd);
    std::string temp;
    for (int attempt = 0; attempt < 100; ++attempt) {
        temp = temp_name(folder, name_of(target), rd);
        if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, temp.c_str(), AT_SYMLINK_FOLLOW) == 0) break;
        temp.clear();
        if (errno != EEXIST) break;
    }
    ::close(fd);
    if (temp.empty()) {  // no /proc, or linking refused: write it again under a named file
        unsupported = true;
        return std::nullopt;
    }
    return commit(temp, target, folder);
}

std::optional<std::string> replace_via_named(const std::string& target, std::string_view text,
                                             int mode) {
    const std::string folder = folder_of(target);
    std::random_device rd;
    std::string temp;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
        temp = temp_name(folder, name_of(target), rd);
        fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) return "cannot write in " + folder + ": " + reason(errno);
    }
    if (fd < 0) return "cannot make a temporary file in " + folder;
    if (const int err = fill(fd, text, mode)) {
        ::unlink(temp.c_str());
        return "cannot write " + target + ": " + reason(err) + "; the file was left as it was";
    }
    return commit(temp, target, folder);
}

}  // namespace

std::optional<std::string> write_file(const std::string& path, std::string_view text) {
    if (path.empty()) return "no file name given";
    std::string target = path;
    struct stat st {};
    bool exists = ::lstat(path.c_str(), &st) == 0;
    if (!exists && errno != ENOENT) return "cannot write " + path + ": " + reason(errno);
    if (exists && S_ISLNK(st.st_mode)) {
        // Written through: the file the link points to is replaced, the link stays. A link to a
        // FIFO or a device (/dev/stdout is one, to /proc/self/fd/1) is written straight to.
        if (::stat(path.c_str(), &st) != 0)
            return "refusing to write " + path + ": it is a symbolic link to a missing file";
        if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return write_in_place(path, text);
        char resolved[PATH_MAX];
        if (!::realpath(path.c_str(), resolved))
            return "cannot write " + path + ": " + reason(errno);
        target = resolved;
    }
    if (exists && S_ISDIR(st.st_mode)) return "cannot write " + path + ": it is a folder";
    if (exists && !S_ISREG(st.st_mode)) return write_in_place(target, text);
    const int mode = exists ? static_cast<int>(st.st_mode & 07777) : -1;  // -1: a new file
    bool unsupported = false;
    auto result = replace_via_tmpfile(target, text, mode, unsupported);
    if (unsupported) result = replace_via_named(target, text, mode);
    return result;
}

std::variant<FileLock, std::string> FileLock::acquire(const std::string& path) {
    char resolved[PATH_MAX];
    const std::string file = ::realpath(path.c_str(), resolved) ? std::string(resolved) : path;
    const std::string lock_path = folder_of(file) + "/." + name_of(file) + ".lock";
    // A FIFO or a device is never replaced (see write_file), and a file in a folder nobody may
    // write to cannot be saved over: neither needs a lock, and neither gets a lock file.
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return FileLock(-1, "");
    for (int attempt = 0; attempt < 100; ++attempt) {
        const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM))
            return FileLock(-1, "");
        if (fd < 0) return "cannot lock " + path + ": " + reason(errno);
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int e = errno;
            char pid[32] = {};
            const ssize_t n = ::pread(fd, pid, sizeof pid - 1, 0);
            ::close(fd);
            if (e != EWOULDBLOCK) return "cannot lock " + path + ": " + reason(e);
            std::string who = "another Rapport";
            if (n > 0 && std::atol(pid) > 0)
                who += " (process " + std::to_string(std::atol(pid)) + ")";
            return path + " is in use by " + who +
                   "; finish or quit that session first (its lock is " + lock_path + ")";
        }
        // The holder before us may have removed the file after we opened it: then our lock is on
        // a file nobody else will find. Start again on the file that is there now.
        struct stat held {
        }, now{};
        if (::fstat(fd, &held) == 0 && ::stat(lock_path.c_str(), &now) == 0 &&
            held.st_ino == now.st_ino && held.st_dev == now.st_dev) {
            const std::string pid = std::to_string(::getpid()) + "\n";
            if (::ftruncate(fd, 0) == 0) (void)::pwrite(fd, pid.data(), pid.size(), 0);
            return FileLock(fd, lock_path);
        }
        ::close(fd);
    }
    return "cannot lock " + path + ": its lock file keeps changing";
}

FileLock::FileLock(FileLock&& other) noexcept
    : m_fd(other.m_fd), m_lock_path(std::move(other.m_lock_path)) {
    other.m_fd = -1;
}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
    if (this != &other) {
        release();
        m_fd = other.m_fd;
        m_lock_path = std::move(other.m_lock_path);
        other.m_fd = -1;
    }
    return *this;
}

FileLock::~FileLock() {
    release();
}

void FileLock::release() {
    if (m_fd < 0) return;
    // Removed while still held, so that a process waiting on this file sees it go (see acquire).
    ::unlink(m_lock_path.c_str());
    ::close(m_fd);
    m_fd = -1;
}

}  // namespace rapport
