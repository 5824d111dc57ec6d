// v3: shouts the name, and has a bug: it forgets that a name is optional.
exports.handler = async (event) => {
  const name = event.name.toUpperCase(); // TypeError when no name is given
  return { message: `${process.env.GREETING}, ${name}!`, version: 'v3' };
};
