exports.handler = async () => ({ version: 1, message: 'hello' });
