// v1: greets whoever asks.
exports.handler = async (event) => {
  const name = (event && event.name) || 'world';
  return { message: `${process.env.GREETING}, ${name}!`, version: 'v1' };
};
