// The progress record: one SQLite database per user with every finished or abandoned scenario
// session, every drill answer and each drill item's FSRS schedule. Versioned schema with
// migrations (PRAGMA user_version), WAL journal, every write in a transaction: a process killed
// at any moment loses nothing already written. A file that is not a Rapport progress database, or
// one from a newer Rapport, is reported and never changed.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "rapport/drill_session.hpp"
#include "rapport/report.hpp"

struct sqlite3;

namespace rapport {

// What the trainee wrote at one turn of a say-it-first session (Session's Said, with the
// automatic code the report gave it).
struct SaidRecord {
    int turn = 0;      // 1-based
    std::string text;  // empty when skipped
    bool skipped = false;
    std::string code;       // the coder's code of the text; empty when skipped
    int first_key_ms = -1;  // -1: not measured
    int sent_ms = -1;
    bool operator==(const SaidRecord&) const = default;
};

struct SessionRecord {
    std::int64_t id = 0;  // set by the store
    std::string scenario_id, scenario_version, scenario_title;
    std::uint64_t seed = 0;
    std::string mode;              // practice | exam
    bool finished = false;         // false: abandoned before an ending
    std::string choices_json;      // [[node, response], ...]
    std::string final_state_json;  // {"trust": 45, ...}
    int turns = 0;
    int score = 0;
    std::optional<int> percent_of_best;
    std::string ending_id, ending_title, ending_outcome;  // empty when abandoned
    int questions = 0, open_questions = 0, reflections = 0, complex_reflections = 0;
    int autonomy_moves = 0, dependence_moves = 0;
    std::string started_at, ended_at;  // ISO 8601 UTC
    // The play-through and how far it got ("ID:finished", "ID:left:TURNS"); a record with the key
    // of one already stored is not stored again (resuming a finished session file twice records
    // it once). Empty: no key (every such record is stored).
    std::string session_key;
    bool say_first = false;        // played in say-it-first mode
    std::vector<SaidRecord> said;  // the turns where the trainee wrote (or skipped), in order
};

struct AnswerRecord {
    std::int64_t id = 0;
    std::string item_key;  // bank/item
    std::string topics;    // comma-separated topic ids
    std::string chosen;    // option indices (authoring order), comma-separated
    bool correct = false;
    double seconds = 0;
    Rating rating = Rating::Again;
    std::string mode;         // tutor | exam
    std::string drill_id;     // groups the answers of one drill session
    std::string answered_at;  // ISO 8601 UTC
    double day = 0;           // days since the Unix epoch (for scheduling)
};

struct TopicAccuracy {
    std::string topic;
    int right = 0, total = 0;
};

struct Leech {
    std::string item_key;
    int lapses = 0;
};

// An item whose stored FSRS schedule is not the replay of its answers (a lost update, an edit by
// another program); nullopt: no stored schedule, or no answers to replay.
struct ScheduleMismatch {
    std::string item_key;
    std::optional<ItemSchedule> stored, replayed;
};

struct ScheduleCheck {
    int items = 0;             // items with answers
    std::int64_t answers = 0;  // answers replayed
    std::vector<ScheduleMismatch> mismatches;
};

inline constexpr int progress_schema_version = 4;

// A progress database that cannot be read completely (a damaged page, a table another program
// dropped, a value out of range): thrown by the reads, whose results are never partial. The
// message names the file and what is wrong (with what `PRAGMA quick_check` finds).
class ProgressError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ProgressStore {
public:
    // Opens (creating it and its folder when missing) and migrates an older schema. Returns an
    // error message when the file cannot be used; the file is then left exactly as it was.
    static std::variant<ProgressStore, std::string> open(const std::string& path);
    // Opens for reading only (progress, export): works on a read-only folder or share, creates
    // and migrates nothing; a database of an older schema is read after migrating a private
    // in-memory copy.
    static std::variant<ProgressStore, std::string> open_read_only(const std::string& path);
    ProgressStore(ProgressStore&&) noexcept;
    ProgressStore& operator=(ProgressStore&&) noexcept;
    ~ProgressStore();

    [[nodiscard]] const std::string& path() const { return m_path; }
    [[nodiscard]] int schema_version() const;
    [[nodiscard]] std::optional<int> migrated_from() const { return m_migrated_from; }

    // Writes; each is one transaction. Error message on failure (full disk...), nothing half
    // written. add_session stores nothing for a record whose session_key is already stored (its
    // id is then the stored row's), and refuses choices or a final state that are not JSON.
    std::optional<std::string> add_session(SessionRecord& record);
    std::optional<std::string> add_answer(AnswerRecord& answer, const ItemSchedule& schedule);
    // Records a drill answer with the item's new schedule (from its current one, FSRS, now):
    // returns that schedule, or an error message (nothing written).
    std::variant<ItemSchedule, std::string> record_answer(const Fsrs& fsrs, const DrillItem& item,
                                                          const DrillAnswer& answer, DrillMode mode,
                                                          const std::string& drill_id);
    // Many answers in one transaction (imports, benchmarks): all or none.
    std::optional<std::string> add_answers(
        std::vector<std::pair<AnswerRecord, ItemSchedule>>& batch);

    // Reads: complete, or a ProgressError.
    // Checks every page (PRAGMA quick_check): a ProgressError saying what is damaged. For
    // summaries that count without reading every row (a damaged page would go unseen).
    void verify() const;
    [[nodiscard]] std::map<std::string, ItemSchedule> schedules() const;
    // Replays every item's answers, in the order they were recorded, and compares the result with
    // the stored schedules (`rapport progress --check`; the concurrency tests).
    [[nodiscard]] ScheduleCheck check_schedules(const Fsrs& fsrs) const;
    [[nodiscard]] std::vector<SessionRecord> sessions() const;
    [[nodiscard]] std::vector<AnswerRecord> answers() const;
    [[nodiscard]] std::vector<TopicAccuracy> accuracy_by_topic() const;
    [[nodiscard]] int due_count(double before_day) const;  // items due before this day
    [[nodiscard]] std::vector<Leech> leeches() const;
    [[nodiscard]] std::int64_t answer_count() const;
    // A stable id of this database (made when it was created), for export ids.
    [[nodiscard]] std::string database_id() const;

private:
    ProgressStore(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {}
    std::optional<std::string> migrate();
    sqlite3* m_db = nullptr;
    std::string m_path;
    std::optional<int> m_migrated_from;
};

// The record of a session (finished, or abandoned when it has not ended) from its report.
// `session_id` (see new_session_id) gives the record its session_key.
[[nodiscard]] SessionRecord session_record(const Session& session, const Report& report,
                                           const std::string& started_at,
                                           const std::string& ended_at,
                                           const std::string& session_id = "");

// Days since the Unix epoch, now (fractional).
[[nodiscard]] double days_now();

}  // namespace rapport
