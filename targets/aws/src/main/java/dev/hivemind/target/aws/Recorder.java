package dev.hivemind.target.aws;

import dev.hivemind.api.Progress;
import dev.hivemind.api.host.HivemindHome;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes sure a resource exists, in the order that survives a kill at any point: the ledger's id when it has one;
 * else the resource found by its tags (created by a run that was killed before it recorded it); else a new one,
 * created with its tags and recorded at once.
 */
final class Recorder {
    private final HivemindHome home;
    private final Progress progress;
    private AwsLedger ledger;

    Recorder(HivemindHome home, AwsLedger ledger, Progress progress) {
        this.home = home;
        this.ledger = ledger;
        this.progress = progress;
    }

    AwsLedger ledger() {
        return ledger;
    }

    String ensure(PlannedResource resource, Supplier<Optional<String>> findByTags, Supplier<String> create) {
        return ensure(resource.kind(), resource.role(), findByTags, create);
    }

    String ensure(String kind, String role, Supplier<Optional<String>> findByTags, Supplier<String> create) {
        Optional<String> recorded = ledger.id(kind, role);
        if (recorded.isPresent()) {
            return recorded.get();
        }
        Optional<String> found = findByTags.get();
        String id;
        if (found.isPresent()) {
            id = found.get();
            progress.line("found " + kind + " " + role + " " + id + " by its tags (made by an earlier run): kept");
        } else {
            id = create.get();
            progress.line("created " + kind + " " + role + " " + id);
        }
        ledger = ledger.with(kind, role, id);
        ledger.save(home);
        return id;
    }
}
