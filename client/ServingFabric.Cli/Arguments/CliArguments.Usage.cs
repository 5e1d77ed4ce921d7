namespace ServingFabric.Cli;

internal static partial class CliArguments
{
    public const string Usage = """
        usage: fabric <command> [options]

        look
          fabric models get <name>                  versions, replicas (silo, zone, state, health), traffic, release, scaling
          fabric events [--model NAME] [--after SEQ]
                                                    the event log (replicas, versions, releases, scaling; who and why)
          fabric versions list <model>              every version: lifecycle, default, traffic share, SHA-256, who registered it
          fabric experiment get <model> [--watch [--interval S] [--timeout S]]
                                                    the canary or A/B test: arms, tests (estimate, always-valid interval,
                                                    p-value), decision and why; --watch refreshes every S seconds (default 5)
                                                    until the release ends, Ctrl+C, or --timeout (default 3600)
          fabric scaling get <model>                scaling settings, replicas per version, recent decisions

        change (need --api-key when the gateway has an admin key; without one, only from the gateway's own machine)
          fabric versions register <model> <version> --artifact PATH --sha256 HEX [--default]
                                                    import a .onnx file on the gateway silo (SHA-256 checked) and register it
          fabric versions default <model> <version> make it the default version
          fabric versions retire <model> <version>  no traffic, no replicas
          fabric rollback <model>                   abort the running canary or A/B test; without one, restore the previous default
          fabric traffic set <model> [--weights V=P,V=P] [--mirror V=P | --no-mirror]
                                                    split unversioned requests (percent, summing to 100); shadow traffic
          fabric fault set <model> <version> [--abort-percent P] [--abort-status 500|503] [--delay-percent P] [--delay-ms MS] --reason TEXT
          fabric fault clear <model> <version> --reason TEXT
                                                    inject or clear faults (needs the admin key even locally)
          fabric canary start <model> <version> [--steps 10,25,50,100] [--min-requests N] [--min-step-seconds S] [--hard-guard-error-rate R]
          fabric ab start <model> <treatment> [--control V] [--treatment-percent P] [--metric reward|latency|errors]
                                              [--min-duration-seconds S] [--min-samples N] [--max-samples N]
          fabric promote|abort|pause|resume <model> operate the running release
          fabric scaling set <model> [--min N] [--max N] [--target-in-flight X] [--target-queue-depth X] [--target-p95-ms MS]
                                     [--max-cpu-percent P] [--max-memory-percent P] [--scale-down-seconds S] [--scale-up-seconds S]
                                     [--max-concurrency N] [--max-queue-length N] [--queue-timeout-seconds S]
          every change takes --reason TEXT, recorded with who acted in the event log

        options
          --gateway URL   (or --url) the gateway; default $FABRIC_URL, else http://127.0.0.1:8080
          --api-key KEY   the admin key (ServingFabric:Gateway:AdminApiKey); default $FABRIC_API_KEY
          --actor NAME    who you are, for the event log; default $FABRIC_ACTOR, else your user name

        exit codes: 0 done; 1 the gateway refused or could not be reached; 2 wrong command line;
                    with --watch: 3 the release ended without promotion, 4 --timeout passed, 130 Ctrl+C
        """;
}
