"""An S3-compatible server on 127.0.0.1 (moto's, in server mode), started once per test process,
and a new private bucket of it for each test, made the file storage through the settings."""

import atexit
import os
import socket
import uuid

import boto3
from django.core.files.storage import default_storage
from moto.server import ThreadedMotoServer

from assure.settings.files import s3_storage

# The object store listens on a port in 8130-8144, from 8130 + the pytest-xdist worker's number.
PORTS = range(8130, 8145)
REGION = "eu-west-2"
_endpoint = None


def endpoint() -> str:
    global _endpoint
    if _endpoint is None:
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
        server.start()
        atexit.register(server.stop)
        host, port = server.get_host_and_port()
        _endpoint = f"http://{host}:{port}"
    return _endpoint


def _free_port() -> int:
    """The worker's port, or the next free one: moto's server waits for ever on a port in use."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    for port in [*PORTS[worker % len(PORTS) :], *PORTS[: worker % len(PORTS)]]:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No port free for the S3 test server in {PORTS.start}-{PORTS.stop - 1}.")


def client():
    return boto3.client(
        "s3",
        endpoint_url=endpoint(),
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def new_bucket() -> str:
    name = f"assure-{uuid.uuid4().hex[:16]}"
    client().create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return name


def bucket_settings(bucket: str) -> dict:
    return s3_storage(bucket=bucket, endpoint_url=endpoint(), access_key="testing", secret_key="testing", region=REGION)


def keep_files_in_new_bucket(settings) -> str:
    """Make the file storage a new, empty bucket, as ASSURE_FILE_STORAGE=s3 does; return its name."""
    bucket = new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": bucket_settings(bucket)}
    assert default_storage.bucket_name == bucket
    return bucket


def objects_in(bucket: str) -> dict[str, bytes]:
    s3 = client()
    listed = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {entry["Key"]: s3.get_object(Bucket=bucket, Key=entry["Key"])["Body"].read() for entry in listed}


def public_grants(bucket: str, key: str) -> list[dict]:
    """The grants of the object to everyone or to any signed-in AWS user: none, for a private file."""
    grants = client().get_object_acl(Bucket=bucket, Key=key)["Grants"]
    return [grant for grant in grants if grant["Grantee"].get("URI", "").startswith("http://acs.amazonaws.com/groups/")]
