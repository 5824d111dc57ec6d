// The function being deployed. Change this line and deploy again to see a canary.
const VERSION = 'first';

exports.handler = async () => ({ ok: true, version: VERSION });
