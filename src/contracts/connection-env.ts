/** The shell lines that point the AWS CLI and SDKs at a gradual server (`gradual env`, `serve`'s banner). */
export function exportLines(o: {
  url: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
}): string[] {
  const lines = o.credentials
    ? [
        `export AWS_ACCESS_KEY_ID=${o.credentials.accessKeyId}`,
        `export AWS_SECRET_ACCESS_KEY='${o.credentials.secretAccessKey}'`,
      ]
    : ['export AWS_ACCESS_KEY_ID=any AWS_SECRET_ACCESS_KEY=any'];
  lines.push(`export AWS_REGION=${o.region} AWS_DEFAULT_REGION=${o.region} AWS_ENDPOINT_URL=${o.url}`);
  return lines;
}
