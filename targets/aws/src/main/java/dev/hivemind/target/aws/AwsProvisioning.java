package dev.hivemind.target.aws;

import dev.hivemind.api.Progress;
import dev.hivemind.api.host.HivemindHome;
import java.util.List;
import java.util.Optional;

/**
 * The AWS side of provision, in dependency order: the network and security groups, the key pair, the instances, the
 * load balancer with its target group and listeners, and the instances registered as its targets. Each resource is
 * recorded in the app's ledger as soon as it exists, so running this again (after a kill, or to redeploy) creates
 * nothing twice.
 */
final class AwsProvisioning {
    private AwsProvisioning() {
    }

    /** What exists once provisioning is done: the ledger, the running instances and the load balancer's name. */
    record Provisioned(AwsLedger ledger, List<Compute.Running> instances, String loadBalancerDns,
                       Optional<Database.Endpoint> database, Optional<String> certificateArn) { }

    static Provisioned run(AwsClients aws, HivemindHome home, AwsPlan plan, String deploymentId, String healthPath,
                           Progress progress) {
        return run(aws, home, plan, deploymentId, healthPath, Certificates.DEFAULT_WAIT, progress);
    }

    /** {@code certificateWait}: how long the gate waits for a requested certificate to be issued before it stops. */
    static Provisioned run(AwsClients aws, HivemindHome home, AwsPlan plan, String deploymentId, String healthPath,
                           java.time.Duration certificateWait, Progress progress) {
        AwsLedger ledger = AwsLedger.load(home, plan.app())
                .orElseGet(() -> AwsLedger.empty(plan.app(), aws.region().id(), 0)).withMonthly(plan.monthlyCost());
        ledger.save(home);
        Recorder recorder = new Recorder(home, ledger, progress);
        Tags tags = new Tags(plan.app(), deploymentId);
        Network.Ids network = new Network(aws.ec2(), recorder, tags).provision(plan);
        Certificates certificates = new Certificates(aws.acm(), recorder, tags, certificateWait);
        Optional<String> certificate = plan.certificateArn().or(() -> plan.domain().map(domain -> certificates
                .request(domain, progress)));
        Database database = plan.database() ? new Database(aws.rds(), aws.secrets(), recorder, tags) : null;
        if (database != null) {
            database.create(plan, network);
        }
        Compute compute = new Compute(aws.ec2(), recorder, tags);
        String key = compute.keyPair(KeyFiles.ensure(home, plan.app()));
        List<Compute.Running> instances = compute.instances(plan, network, key);
        if (plan.certificateArn().isPresent()) {
            Certificates.checkIssued(aws.acm(), plan.certificateArn().get());
        } else if (certificate.isPresent()) {
            certificates.awaitIssued(certificate.get(), plan.domain().orElseThrow(), progress);
        }
        LoadBalancing balancing = new LoadBalancing(aws.elb(), recorder, tags);
        String dns = balancing.provision(plan, network, healthPath, certificate);
        balancing.register(recorder.ledger().id("target-group", "main").orElseThrow(),
                instances.stream().map(Compute.Running::id).toList(), plan.appPort());
        progress.line("registered " + instances.size() + " instance(s) with the load balancer " + dns);
        Optional<Database.Endpoint> endpoint = Optional.ofNullable(database).map(db -> db.await(plan.app(),
                progress));
        return new Provisioned(recorder.ledger(), instances, dns, endpoint, certificate);
    }

    /** Removes everything of {@code ledger}'s app, then returns what is still tagged with it (empty when clean). */
    static List<String> destroy(AwsClients aws, HivemindHome home, AwsLedger ledger, boolean skipFinalSnapshot,
                                Progress progress) {
        new Teardown(aws, home, ledger, skipFinalSnapshot, progress).run();
        return Teardown.leftovers(aws, ledger.app());
    }

    static Optional<AwsLedger> ledger(HivemindHome home, String app) {
        return AwsLedger.load(home, app);
    }
}
