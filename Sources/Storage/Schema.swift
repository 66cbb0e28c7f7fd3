/// The database schema, one script per version. `Database` applies the missing ones in order
/// and records the version in `PRAGMA user_version`.
enum Schema {
    static let migrations: [String] = [
        // 1: grants, register, bundles
        """
        CREATE TABLE controlled_registers (
            organiser   TEXT NOT NULL,
            controller  TEXT NOT NULL,
            type        TEXT NOT NULL,
            added_at    TEXT NOT NULL,
            PRIMARY KEY (organiser, controller, type)
        );

        CREATE TABLE bundles (
            claim            TEXT PRIMARY KEY,
            sender           TEXT NOT NULL,
            file             TEXT NOT NULL,
            bundle_id        TEXT,
            sha256           TEXT,
            acknowledgement  TEXT NOT NULL,
            received_at      TEXT NOT NULL,
            processed_at     TEXT NOT NULL,
            result_json      TEXT NOT NULL
        );
        CREATE INDEX bundles_by_id ON bundles (sender, bundle_id);

        CREATE TABLE authorisation_versions (
            document_id  TEXT PRIMARY KEY,
            set_id       TEXT NOT NULL,
            version      INTEGER NOT NULL,
            sha256       TEXT NOT NULL,
            cancelled    INTEGER NOT NULL,
            organiser    TEXT,
            provider     TEXT,
            controller   TEXT,
            kind         TEXT,
            patient      TEXT,
            valid_from   TEXT,
            valid_until  TEXT,
            effective    TEXT NOT NULL,
            terms_json   TEXT NOT NULL,
            sender       TEXT NOT NULL,
            bundle_claim TEXT NOT NULL REFERENCES bundles (claim) DEFERRABLE INITIALLY DEFERRED,
            applied_at   TEXT NOT NULL,
            UNIQUE (set_id, version)
        );
        CREATE INDEX authorisations_by_controller ON authorisation_versions (controller);

        CREATE TABLE documents (
            document_id        TEXT PRIMARY KEY,
            set_id             TEXT,
            version            INTEGER,
            replaces           TEXT,
            sha256             TEXT NOT NULL,
            size               INTEGER NOT NULL,
            patient            TEXT NOT NULL,
            controller         TEXT NOT NULL,
            register_type      TEXT NOT NULL,
            specifier          TEXT,
            organiser          TEXT NOT NULL,
            producer           TEXT NOT NULL,
            service_event      TEXT,
            effective          TEXT NOT NULL,
            title              TEXT,
            auth_set_id        TEXT NOT NULL,
            auth_document_id   TEXT NOT NULL,
            auth_version       INTEGER NOT NULL,
            bundle_claim       TEXT NOT NULL REFERENCES bundles (claim)
                               DEFERRABLE INITIALLY DEFERRED,
            stored_at          TEXT NOT NULL
        );
        CREATE INDEX documents_by_patient ON documents (controller, patient);
        CREATE INDEX documents_by_sha ON documents (sha256);

        CREATE TABLE attempts (
            claim  TEXT PRIMARY KEY,
            count  INTEGER NOT NULL
        );
        """,
        // 2: one row per run, for `osva runs` and the operators' monitoring
        """
        CREATE TABLE runs (
            id              INTEGER PRIMARY KEY,
            started_at      TEXT NOT NULL,
            ended_at        TEXT NOT NULL,
            bundles         INTEGER NOT NULL,
            accepted        INTEGER NOT NULL,
            already_stored  INTEGER NOT NULL,
            rejected        INTEGER NOT NULL,
            bundles_rejected INTEGER NOT NULL,
            left_for_next   INTEGER NOT NULL,
            quarantined     INTEGER NOT NULL,
            exit_code       INTEGER NOT NULL
        );
        CREATE INDEX bundles_by_processed ON bundles (processed_at);
        """,
        // 3: patients' disclosure restrictions and the hash-chained disclosure log
        """
        CREATE TABLE restrictions (
            id            INTEGER PRIMARY KEY,
            organiser     TEXT NOT NULL,
            patient       TEXT NOT NULL,
            controller    TEXT,
            register_type TEXT,
            specifier     TEXT,
            added_at      TEXT NOT NULL,
            added_claim   TEXT NOT NULL,
            lifted_at     TEXT,
            lifted_claim  TEXT
        );
        CREATE INDEX restrictions_by_patient ON restrictions (patient);

        CREATE TABLE disclosure_log (
            seq              INTEGER PRIMARY KEY,
            at               TEXT NOT NULL,
            requested_at     TEXT NOT NULL,
            provider         TEXT NOT NULL,
            organiser        TEXT NOT NULL,
            patient          TEXT NOT NULL,
            outcome          TEXT NOT NULL,
            reason           TEXT,
            auth_set_id      TEXT,
            auth_document_id TEXT,
            auth_version     INTEGER,
            returned         TEXT NOT NULL,
            withheld         TEXT NOT NULL,
            bundle_claim     TEXT NOT NULL,
            request_path     TEXT NOT NULL,
            previous_hash    TEXT NOT NULL,
            hash             TEXT NOT NULL
        );
        CREATE INDEX disclosure_log_by_organiser ON disclosure_log (organiser, patient);
        """,
        // 4: imaging studies and the parties that use the Imaging Data Repository
        """
        CREATE TABLE imaging_users (
            party     TEXT PRIMARY KEY,
            added_at  TEXT NOT NULL
        );

        CREATE TABLE studies (
            study_uid     TEXT PRIMARY KEY,
            patient       TEXT NOT NULL,
            controller    TEXT NOT NULL,
            register_type TEXT NOT NULL,
            specifier     TEXT,
            organiser     TEXT NOT NULL,
            producer      TEXT NOT NULL,
            accession     TEXT,
            modality      TEXT,
            study_date    TEXT,
            study_time    TEXT,
            bundle_claim  TEXT NOT NULL REFERENCES bundles (claim) DEFERRABLE INITIALLY DEFERRED,
            stored_at     TEXT NOT NULL
        );
        CREATE INDEX studies_by_patient ON studies (controller, patient);

        CREATE TABLE study_instances (
            sop_instance_uid  TEXT PRIMARY KEY,
            study_uid         TEXT NOT NULL REFERENCES studies (study_uid)
                              DEFERRABLE INITIALLY DEFERRED,
            series_uid        TEXT NOT NULL,
            sop_class_uid     TEXT NOT NULL,
            transfer_syntax   TEXT NOT NULL,
            modality          TEXT,
            sha256            TEXT NOT NULL,
            size              INTEGER NOT NULL,
            bundle_claim      TEXT NOT NULL REFERENCES bundles (claim)
                              DEFERRABLE INITIALLY DEFERRED,
            stored_at         TEXT NOT NULL
        );
        CREATE INDEX instances_by_study ON study_instances (study_uid);

        CREATE TABLE study_documents (
            study_uid    TEXT NOT NULL REFERENCES studies (study_uid) DEFERRABLE INITIALLY DEFERRED,
            document_id  TEXT NOT NULL,
            PRIMARY KEY (study_uid, document_id)
        );
        """,
    ]
}
