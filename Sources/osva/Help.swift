/// The text of `osva help`; kept in step with the README.
enum Help {
    static let text = """
        osva: the register side of Kanta's outsourcing authorisation (OSVA), as a batch job.

        Usage: osva COMMAND [OPTIONS]

        Commands:
          run                     process every complete bundle in Inbox/ (the nightly job)
          samples --out DIR [--corpus DIR]
                                  write the sample bundles (built from the Kanta corpus)
          registers               list which registers each organiser controls
          registers add --organiser OID --controller OID --type CODE
          registers remove --organiser OID --controller OID --type CODE
          authorisations          list authorisations and the version in force
          authorisations show ID  one authorisation (set id or document id) with its history
          register [--patient ID] list the documents stored in the registers
          register studies [--patient ID] [--controller OID]
                                  list the imaging studies per patient and register
          imaging-users           list the parties that use the Imaging Data Repository
          imaging-users add|remove --party OID
                                  only these parties may store images (docs/imaging.md)
          retry SENDER/CLAIM      put a quarantined bundle back into the inbox
          runs [--limit N]        the newest runs: when, how long, bundles, outcomes, exit
          report --organiser OID --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]
                                  one HTML page with charts: what providers stored into the
                                  organiser's registers and what was refused (Finnish days)
          log [--organiser OID] [--patient ID]
                                  the disclosure log: every document given to a provider
                                  and every refused request (docs/access.md)
          log verify              recompute the log's hash chain; exit 5 at the first
                                  changed, removed or inserted row
          reasons [--markdown]    print the reason-code catalogue
          help                    this text

        Options for every command:
          --root DIR              installation folder (default: $OSVA_ROOT or the current
                                  folder); holds Inbox/, Outbox/, Claimed/, Archive/,
                                  Quarantine/ and state/
          --log-level LEVEL       debug, info (default), warning or error; logs go to stderr

        Options for run:
          --settle-seconds N      a bundle must be unchanged this long before it is taken
                                  (default 30)
          --grace-days N          documents made inside an authorisation's validity may
                                  arrive this many days after it ends (default 14)
          --busy-timeout N        seconds to wait for a locked database (default 30)
          --max-attempts N        tries before a bundle is quarantined (default 3)
          --metrics-file PATH     write the run's figures in the Prometheus text format
                                  (for node_exporter's textfile collector)
          --quiet                 no progress line, even at a terminal
          --max-bundle-mb N, --max-entry-mb N, --max-unpacked-mb N, --max-entries N,
          --max-ratio N, --max-xml-depth N
                                  limits, see docs/limits.md

        Exit codes:
          0   every bundle got its receipt (rejections included)
          2   some bundle was quarantined: an operator should look
          3   a fault on osva's side left some bundle for the next run
          4   another run is active; this one did nothing
          5   osva log verify: the disclosure log was changed
          64  wrong command line
          74  osva's folders or database could not be opened
        """
}
