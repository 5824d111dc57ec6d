exports.handler = async () => ({ version: 2, message: 'hello, faster' });
