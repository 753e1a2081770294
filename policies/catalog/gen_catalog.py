#!/usr/bin/env python3
"""Generates policies/catalog/iam_catalog.txt, keysweep's compact copy of the
AWS IAM action catalog, from ../shared/data/iam/Policies.json (cfn-lint's
Policies.json; see that folder's README). Run it when the source is updated:

    policies/catalog/gen_catalog.py ../shared/data/iam/Policies.json > policies/catalog/iam_catalog.txt

Format, one record per line (all names lower-case, as in the source):
    S <service prefix>
    A <action> <resource type>,<resource type>...     (an action of the last S)
    R\t<resource type>\t<ARN regex>|<ARN regex>...  (tab-separated: type names may hold spaces)
    K <condition key>                                  (a condition key of the last S)
Condition keys are the union of the service's resource condition keys and the
action-level keys listed in EXTRA_CONDITION_KEYS below, which the source lacks.
"""
import json
import sys

# Action-level condition keys that the source data does not carry (it lists
# only resource-level keys), from the AWS Service Authorization Reference.
EXTRA_CONDITION_KEYS = {
    "iam": ["iam:passedtoservice", "iam:awsservicename", "iam:policyarn", "iam:permissionsboundary",
            "iam:organizationspolicyid", "iam:associatedresourcearn", "iam:faultinjectionservicetargetrole"],
    "ec2": ["ec2:createaction", "ec2:region", "ec2:instancetype", "ec2:tenancy", "ec2:ismanagedresource",
            "ec2:attribute", "ec2:attribute/${attributename}", "ec2:snapshottime", "ec2:managedresourceoperator",
            "ec2:authorizedservice", "ec2:authorizeduser", "ec2:sourceinstancearn"],
    "kms": ["kms:viaservice", "kms:callerAccount".lower(), "kms:encryptioncontext:${encryptioncontextkey}",
            "kms:encryptioncontextkeys", "kms:grantisforawsresource", "kms:grantconstrainttype",
            "kms:grantoperations", "kms:granteeprincipal", "kms:retiringprincipal", "kms:keyorigin",
            "kms:keyspec", "kms:keyusage", "kms:encryptionalgorithm", "kms:signingalgorithm",
            "kms:bypasspolicylockoutsafetycheck", "kms:multiregion", "kms:multiregionkeytype",
            "kms:primaryregion", "kms:replicaregion", "kms:requestalias", "kms:resourcealiases",
            "kms:wrappingalgorithm", "kms:wrappingkeyspec", "kms:validto", "kms:expirationmodel",
            "kms:keyagreementalgorithm", "kms:macalgorithm", "kms:reencryptonsamekey",
            "kms:rotationperiodindays", "kms:schedulekeydeletionpendingwindowindays", "kms:customermasterkeyspec",
            "kms:customermasterkeyusage", "kms:recipientattestation:imagesha384",
            "kms:recipientattestation:pcr${pcrid}"],
    "s3": ["s3:prefix", "s3:delimiter", "s3:max-keys", "s3:x-amz-acl", "s3:x-amz-content-sha256",
           "s3:x-amz-copy-source", "s3:x-amz-grant-full-control", "s3:x-amz-grant-read",
           "s3:x-amz-grant-read-acp", "s3:x-amz-grant-write", "s3:x-amz-grant-write-acp",
           "s3:x-amz-metadata-directive", "s3:x-amz-server-side-encryption",
           "s3:x-amz-server-side-encryption-aws-kms-key-id", "s3:x-amz-server-side-encryption-customer-algorithm",
           "s3:x-amz-storage-class", "s3:x-amz-website-redirect-location", "s3:x-amz-object-ownership",
           "s3:tlsversion", "s3:authtype", "s3:signatureversion", "s3:signatureage", "s3:versionid",
           "s3:existingobjecttag/${tagkey}", "s3:requestobjecttag/${tagkey}", "s3:requestobjecttagkeys",
           "s3:locationconstraint", "s3:object-lock-mode", "s3:object-lock-remaining-retention-days",
           "s3:object-lock-retain-until-date", "s3:object-lock-legal-hold", "s3:resourceaccount",
           "s3:accesspointnetworkorigin", "s3:dataaccesspointaccount", "s3:dataaccesspointarn",
           "s3:objectcreationoperation", "s3:x-amz-checksum-algorithm"],
    "sts": ["sts:transitivetagkeys", "sts:externalid", "sts:rolesessionname", "sts:sourceidentity",
            "sts:awsserviceName".lower(), "sts:durationseconds", "sts:requestcontextproviders"],
    "sns": ["sns:endpoint", "sns:protocol"],
    "sqs": [],
    "organizations": ["organizations:serviceprincipal", "organizations:policytype"],
    "cloudwatch": ["cloudwatch:namespace", "cloudwatch:alarmactions", "cloudwatch:requestinsightrulelogGroups".lower()],
    "secretsmanager": ["secretsmanager:resourcetag/${tagkey}", "secretsmanager:secretid",
                       "secretsmanager:versionid", "secretsmanager:versionstage", "secretsmanager:description",
                       "secretsmanager:kmskeyid", "secretsmanager:name", "secretsmanager:blockpublicpolicy",
                       "secretsmanager:forceoverwritereplicasecret", "secretsmanager:addreplicaregions",
                       "secretsmanager:recoverywindowindays", "secretsmanager:rotationlambdaarn",
                       "secretsmanager:modifyrotationrules", "secretsmanager:rotatemmediately".replace("mm", "m"),
                       "secretsmanager:secretprimaryregion", "secretsmanager:resource/allowrotationlambdaarn"],
    "lambda": ["lambda:functionarn", "lambda:layer", "lambda:principal", "lambda:sourcefunctionarn",
               "lambda:vpcids", "lambda:subnetids", "lambda:securitygroupids", "lambda:codesigningconfigarn",
               "lambda:functionurlauthtype", "lambda:eventsourcetoken"],
    "ssm": ["ssm:overwrite", "ssm:parameterstoreparametertier", "ssm:recursive", "ssm:policies",
            "ssm:sessiondocumentaccesscheck", "ssm:documentcategories", "ssm:autoapprove", "ssm:accesstype"],
    "dynamodb": ["dynamodb:attributes", "dynamodb:leadingkeys", "dynamodb:returnconsumedcapacity",
                 "dynamodb:returnvalues", "dynamodb:select", "dynamodb:enclosingoperation", "dynamodb:fullTableScan".lower()],
    "logs": ["logs:destinationarn"],
}


def main():
    source = json.load(open(sys.argv[1]))
    out = sys.stdout
    out.write("# keysweep IAM catalog, generated by policies/catalog/gen_catalog.py from cfn-lint's\n")
    out.write("# Policies.json (commit 217397c8, 2026-08-19; MIT No Attribution). Do not edit.\n")
    for service in sorted(source):
        data = source[service]
        out.write(f"S {service}\n")
        for action in sorted(data.get("Actions", {})):
            resources = data["Actions"][action].get("Resources", [])
            out.write(f"A {action} {','.join(sorted(set(r.lower() for r in resources)))}\n".rstrip() + "\n")
        keys = set(k.lower() for k in EXTRA_CONDITION_KEYS.get(service, []))
        for resource in sorted(data.get("Resources", {})):
            info = data["Resources"][resource]
            formats = info.get("ARNFormats", [])
            out.write(f"R\t{resource.lower()}\t{'|'.join(formats)}\n")
            keys.update(k.lower() for k in info.get("ConditionKeys", []))
        for key in sorted(keys):
            out.write(f"K {key}\n")


if __name__ == "__main__":
    main()
