/**
 * The {@code aws} target: a costed plan, then a VPC, security groups, a key pair, EC2 instances and an Application Load
 * Balancer, each tagged and recorded as soon as it exists ({@link dev.hivemind.target.aws.AwsLedger}); the instances
 * are SSH hosts deployed to by the {@code ssh} target's code; destroy removes everything in dependency order and
 * checks that nothing tagged is left.
 */
package dev.hivemind.target.aws;
