exports.handler = async () => {
  throw new Error('version 3 has a bug');
};
